using OpenMss.Imap.Protocol.Responses;
using OpenMss.Imap.Protocol.Commands;
using OpenMss.Net;
using OpenMss.Net.Sasl;

namespace OpenMss.Imap.Server;

/// <summary>
/// AUTHENTICATE (RFC 3501 §6.2.2, SASL-IR RFC 4959): XOAUTH2 and OAUTHBEARER on the PSC front, PLAIN with the client
/// certificate on the AUTH_CLI front; RFC 5530 codes on failure, the bearer mechanisms' error challenge first.
/// </summary>
internal sealed partial class ImapSession
{
    private async Task AuthenticateAsync(AuthenticateCommand auth)
    {
        var offered = _front.Kind == FrontKind.Psc ? auth.Mechanism is "XOAUTH2" or "OAUTHBEARER" : auth.Mechanism == "PLAIN";
        if (!offered)
        {
            await TaggedAsync(auth.Tag, ImapStatus.No, ResponseCode.Cannot, $"Unsupported mechanism: this front offers {(_front.Kind == FrontKind.Psc ? "XOAUTH2 and OAUTHBEARER" : "PLAIN with a client certificate")}.");
            return;
        }

        var response = auth.InitialResponse;
        if (response is null)
        {
            await WriteAsync("+ \r\n", flush: true);
            response = await ReadSaslLineAsync();
            if (response is null)
            {
                _closing = true;
                return;
            }
        }

        if (response == "*")
        {
            await BadAsync(auth.Tag, null, "Authentication cancelled.");
            return;
        }

        var decoded = SaslBase64.Decode(response);
        var identity = decoded is null ? null : auth.Mechanism switch
        {
            "XOAUTH2" or "OAUTHBEARER" when (auth.Mechanism == "XOAUTH2" ? SaslBearer.ParseXOAuth2(decoded) : SaslBearer.ParseOAuthBearer(decoded)) is { } bearer =>
                await _front.Authenticator.AuthenticateBearerAsync(bearer.User, bearer.Token, auth.Mechanism, _front.Stopping),
            "PLAIN" when SaslPlain.Parse(decoded) is { } plain && (plain.AuthorizationId is null || string.Equals(plain.AuthorizationId, plain.AuthenticationId, StringComparison.OrdinalIgnoreCase)) =>
                await _front.Authenticator.AuthenticateCertificateAsync(plain.AuthenticationId, _connection.ClientCertificate, _connection.ClientIntermediates, _front.Stopping),
            _ => null,
        };
        if (identity is null)
        {
            await BadAsync(auth.Tag, null, decoded is null ? "Invalid base64." : $"Malformed {auth.Mechanism} response.");
            return;
        }

        ImapLog.Authentication(_front.Logger, _connection.ConnectionId, auth.Mechanism, identity.Verdict, identity.Reason);
        if (identity is { Verdict: FrontVerdict.Success, BalId: { } balId })
        {
            _balId = balId;
            _authenticatedUntil = _front.Clock.GetUtcNow() + _front.Limits.SessionLifetime;
            await OkAsync(auth.Tag, "Authenticated.", ResponseCode.Capability, Capabilities());
            return;
        }

        if (identity.Verdict == FrontVerdict.Unavailable)
        {
            await TaggedAsync(auth.Tag, ImapStatus.No, ResponseCode.Unavailable, "Authentication is temporarily unavailable: try again later.");
            return;
        }

        var notAllowed = identity.Verdict == FrontVerdict.NotAuthorized;
        if (auth.Mechanism != "PLAIN")
        {
            await WriteAsync($"+ {SaslBearer.ErrorChallenge(notAllowed ? "403" : "401")}\r\n", flush: true);
            if (await ReadSaslLineAsync() is null)
            {
                _closing = true;
                return;
            }
        }

        await TaggedAsync(auth.Tag, ImapStatus.No, notAllowed ? ResponseCode.AuthorizationFailed : ResponseCode.AuthenticationFailed, notAllowed ? "Not authorised on this BAL." : "Authentication failed.");
        if (++_authFailures >= _front.Limits.MaxAuthFailures)
        {
            await ByeAsync("Too many authentication failures.");
        }
    }
}
