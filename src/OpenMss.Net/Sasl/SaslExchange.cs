namespace OpenMss.Net.Sasl;

/// <summary>How the protocol carries a SASL exchange: a continuation out ("+ " in IMAP, 334 in SMTP), a line back.</summary>
public interface ISaslChannel
{
    /// <summary>Sends a server challenge (already base64 or empty) and flushes it.</summary>
    Task SendChallengeAsync(string challenge);

    /// <summary>The client's next line, or null when the exchange broke (timeout, limit, closed): the session says why.</summary>
    Task<string?> ReadResponseAsync();
}

/// <summary>How a SASL exchange ended, for the protocol to answer in its own codes.</summary>
public enum SaslEnd
{
    /// <summary>The front does not offer this mechanism.</summary>
    Unsupported,

    /// <summary>The client sent "*" (RFC 4422 §3.5).</summary>
    Cancelled,

    /// <summary>The channel broke; the session already knows why.</summary>
    Broken,

    /// <summary>The response is not base64.</summary>
    BadBase64,

    /// <summary>Base64, but not the mechanism's message (or PLAIN acting for another identity).</summary>
    Malformed,

    /// <summary>The credentials were judged: see the identity's verdict.</summary>
    Judged,
}

/// <param name="Identity">Set when <see cref="End"/> is <see cref="SaslEnd.Judged"/>.</param>
public sealed record SaslOutcome(SaslEnd End, FrontIdentity? Identity = null);

/// <summary>
/// The server side of one SASL authentication, the same for IMAP (RFC 3501 §6.2.2, SASL-IR RFC 4959) and SMTP
/// (RFC 4954): the mechanisms a front offers (XOAUTH2 and OAUTHBEARER with a PSC token; PLAIN naming the BAL with
/// a client certificate), the initial response or a continuation, "*" to cancel, and after a refused bearer token
/// the error challenge the client answers with an empty line (RFC 7628 §3.2.2, spec §13 #14).
/// </summary>
public static class SaslExchange
{
    public static bool Offers(FrontKind kind, string mechanism) =>
        kind == FrontKind.Psc ? mechanism is "XOAUTH2" or "OAUTHBEARER" : kind == FrontKind.AuthCli && mechanism == "PLAIN";

    /// <summary>What a front offers, in words, for a refusal.</summary>
    public static string Offered(FrontKind kind) => kind == FrontKind.Psc ? "XOAUTH2 and OAUTHBEARER" : "PLAIN with a client certificate";

    public static async Task<SaslOutcome> RunAsync(
        FrontKind kind, string mechanism, string? initialResponse, ISaslChannel channel, IFrontAuthenticator authenticator, MailConnection connection, CancellationToken stopping)
    {
        if (!Offers(kind, mechanism))
        {
            return new SaslOutcome(SaslEnd.Unsupported);
        }

        var response = initialResponse;
        if (response is null)
        {
            await channel.SendChallengeAsync("");
            response = await channel.ReadResponseAsync();
            if (response is null)
            {
                return new SaslOutcome(SaslEnd.Broken);
            }
        }

        if (response == "*")
        {
            return new SaslOutcome(SaslEnd.Cancelled);
        }

        if (SaslBase64.Decode(response) is not { } decoded)
        {
            return new SaslOutcome(SaslEnd.BadBase64);
        }

        FrontIdentity identity;
        if (mechanism == "PLAIN")
        {
            var plain = SaslPlain.Parse(decoded);
            if (plain is null || (plain.AuthorizationId is not null && !string.Equals(plain.AuthorizationId, plain.AuthenticationId, StringComparison.OrdinalIgnoreCase)))
            {
                return new SaslOutcome(SaslEnd.Malformed);
            }

            identity = await authenticator.AuthenticateCertificateAsync(plain.AuthenticationId, connection.ClientCertificate, connection.ClientIntermediates, stopping);
        }
        else
        {
            if ((mechanism == "XOAUTH2" ? SaslBearer.ParseXOAuth2(decoded) : SaslBearer.ParseOAuthBearer(decoded)) is not { } bearer)
            {
                return new SaslOutcome(SaslEnd.Malformed);
            }

            identity = await authenticator.AuthenticateBearerAsync(bearer.User, bearer.Token, mechanism, connection.RemoteAddress, stopping);
            if (identity.Verdict is FrontVerdict.Failed or FrontVerdict.NotAuthorized)
            {
                await channel.SendChallengeAsync(SaslBearer.ErrorChallenge(identity.Verdict == FrontVerdict.NotAuthorized ? "403" : "401"));
                if (await channel.ReadResponseAsync() is null)
                {
                    return new SaslOutcome(SaslEnd.Broken);
                }
            }
        }

        return new SaslOutcome(SaslEnd.Judged, identity);
    }
}
