using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Net;
using OpenMss.Net.Sasl;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// AUTHENTICATE (RFC 3501 §6.2.2, SASL-IR RFC 4959): XOAUTH2 and OAUTHBEARER on the PSC front, PLAIN with the client
/// certificate on the AUTH_CLI front; RFC 5530 codes on failure, the bearer mechanisms' error challenge first.
/// </summary>
internal static class AuthenticateHandler
{
    public static async Task HandleAsync(IImapContext session, AuthenticateCommand auth)
    {
        var offered = session.Front.Kind == FrontKind.Psc ? auth.Mechanism is "XOAUTH2" or "OAUTHBEARER" : auth.Mechanism == "PLAIN";
        if (!offered)
        {
            await session.TaggedAsync(auth.Tag, ImapStatus.No, ResponseCode.Cannot, $"Unsupported mechanism: this front offers {(session.Front.Kind == FrontKind.Psc ? "XOAUTH2 and OAUTHBEARER" : "PLAIN with a client certificate")}.");
            return;
        }

        var response = auth.InitialResponse;
        if (response is null)
        {
            await session.WriteAsync("+ \r\n", flush: true);
            response = await session.ReadSaslLineAsync();
            if (response is null)
            {
                session.Close();
                return;
            }
        }

        if (response == "*")
        {
            await session.BadAsync(auth.Tag, null, "Authentication cancelled.");
            return;
        }

        var decoded = SaslBase64.Decode(response);
        var identity = decoded is null ? null : auth.Mechanism switch
        {
            "XOAUTH2" or "OAUTHBEARER" when (auth.Mechanism == "XOAUTH2" ? SaslBearer.ParseXOAuth2(decoded) : SaslBearer.ParseOAuthBearer(decoded)) is { } bearer =>
                await session.Front.Authenticator.AuthenticateBearerAsync(bearer.User, bearer.Token, auth.Mechanism, session.Front.Stopping),
            "PLAIN" when SaslPlain.Parse(decoded) is { } plain && (plain.AuthorizationId is null || string.Equals(plain.AuthorizationId, plain.AuthenticationId, StringComparison.OrdinalIgnoreCase)) =>
                await session.Front.Authenticator.AuthenticateCertificateAsync(plain.AuthenticationId, session.Connection.ClientCertificate, session.Connection.ClientIntermediates, session.Front.Stopping),
            _ => null,
        };
        if (identity is null)
        {
            await session.BadAsync(auth.Tag, null, decoded is null ? "Invalid base64." : $"Malformed {auth.Mechanism} response.");
            return;
        }

        ImapLog.Authentication(session.Front.Logger, session.Connection.ConnectionId, auth.Mechanism, identity.Verdict, identity.Reason);
        if (identity is { Verdict: FrontVerdict.Success, BalId: { } balId })
        {
            session.Authenticated(balId);
            await session.OkAsync(auth.Tag, "Authenticated.", ResponseCode.Capability, session.Capabilities());
            return;
        }

        if (identity.Verdict == FrontVerdict.Unavailable)
        {
            await session.TaggedAsync(auth.Tag, ImapStatus.No, ResponseCode.Unavailable, "Authentication is temporarily unavailable: try again later.");
            return;
        }

        var notAllowed = identity.Verdict == FrontVerdict.NotAuthorized;
        if (auth.Mechanism != "PLAIN")
        {
            await session.WriteAsync($"+ {SaslBearer.ErrorChallenge(notAllowed ? "403" : "401")}\r\n", flush: true);
            if (await session.ReadSaslLineAsync() is null)
            {
                session.Close();
                return;
            }
        }

        await session.TaggedAsync(auth.Tag, ImapStatus.No, notAllowed ? ResponseCode.AuthorizationFailed : ResponseCode.AuthenticationFailed, notAllowed ? "Not authorised on this BAL." : "Authentication failed.");
        if (session.AuthenticationFailed() >= session.Front.Limits.MaxAuthFailures)
        {
            await session.ByeAsync("Too many authentication failures.");
        }
    }
}
