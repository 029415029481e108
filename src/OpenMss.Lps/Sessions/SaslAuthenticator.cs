using MailKit;
using MailKit.Security;

namespace OpenMss.Lps.Sessions;

/// <summary>
/// Authenticates a BAL on a secured connection: XOAUTH2 with a PSC token (spec §3.4), replaced once by a fresh one
/// when the operator refuses it (spec §3.7), or PLAIN with the BAL address for a BAL APP (spec §2.3). Refusals become
/// the typed exceptions of <see cref="ResponseClassifier"/>'s verdicts.
/// </summary>
internal static class SaslAuthenticator
{
    public static async Task AuthenticateAsync(MailService client, MailboxContext context, MailProtocol protocol, ResponseRecorder recorder, CancellationToken cancellationToken)
    {
        PscAccessToken? refused = null;
        while (true)
        {
            SaslMechanism mechanism;
            PscAccessToken? token = null;
            if (context.Tokens is { } tokens)
            {
                token = await tokens.GetAsync(refused, cancellationToken).ConfigureAwait(false);
                mechanism = new SaslMechanismOAuth2(context.Address, token.Value); // user=BAL ^A auth=Bearer TOKEN ^A^A
            }
            else
            {
                mechanism = new SaslMechanismPlain(context.Address, context.Options.AppPlainPassword);
            }

            if (!client.AuthenticationMechanisms.Contains(mechanism.MechanismName))
            {
                // Each front offers its one mechanism (spec §2.1): anything else means the wrong front was configured.
                throw new MssConfigurationException(
                    $"The {protocol.Name()} front of {context.Describe} does not offer {mechanism.MechanismName}: a BAL {context.Type.ToString().ToUpperInvariant()} needs the {(context.Type.UsesPsc() ? "PSC (SRV priority 10)" : "AUTH_CLI (SRV priority 20)")} front.", null);
            }

            recorder.Clear();
            try
            {
                await client.AuthenticateAsync(mechanism, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is AuthenticationException or CommandException)
            {
                var verdict = ResponseClassifier.Authentication(protocol, recorder.Lines, usesToken: context.Tokens is not null);
                if (verdict.Kind == VerdictKind.TokenRefused && refused is null)
                {
                    refused = token;
                    continue;
                }

                var text = verdict.Kind switch
                {
                    VerdictKind.TokenRefused => $"The operator refused the PSC token for {context.Describe}, a fresh one too: the professional must sign in again ({verdict.Code}).",
                    VerdictKind.NotAuthorized => $"Not authorised on {context.Describe}: {(context.Tokens is null ? "the operator does not accept this certificate for it" : "this professional may not open it")} ({verdict.Code} {verdict.Text}).",
                    VerdictKind.Unavailable or VerdictKind.SessionEnded => $"The operator could not authenticate {context.Describe} for now ({verdict.Code} {verdict.Text}).",
                    _ => $"The operator refused the authentication of {context.Describe} as misconfigured ({verdict.Code} {verdict.Text}).",
                };
                throw (verdict with { Kind = verdict.Kind == VerdictKind.SessionEnded ? VerdictKind.Unavailable : verdict.Kind }).ToException(text, e);
            }
        }
    }
}
