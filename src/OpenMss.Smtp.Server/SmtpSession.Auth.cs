using OpenMss.Net.Sasl;
using OpenMss.Net;
using OpenMss.Smtp.Protocol;

namespace OpenMss.Smtp.Server;

/// <summary>
/// AUTH (RFC 4954): XOAUTH2 and OAUTHBEARER on the PSC front, PLAIN with the client certificate on the AUTH_CLI
/// front. A refused bearer token gets the error challenge first (spec §13 #14), then 535 5.7.8.
/// </summary>
internal sealed partial class SmtpSession
{
    private async Task AuthAsync(AuthCommand auth)
    {
        var offered = _front.Kind == FrontKind.Psc ? auth.Mechanism is "XOAUTH2" or "OAUTHBEARER" : auth.Mechanism == "PLAIN";
        if (!offered)
        {
            await BadAsync(new SmtpReply(504, "5.5.4", $"Unrecognized authentication type: this front offers {(_front.Kind == FrontKind.Psc ? "XOAUTH2 and OAUTHBEARER" : "PLAIN with a client certificate")}."));
            return;
        }

        var response = auth.InitialResponse;
        if (response is null)
        {
            await ReplyAsync(new SmtpReply(334, null, ""), flush: true);
            var (status, line) = await ReadLineAsync(_limits.MaxAuthLine);
            if (status != ReadStatus.Line)
            {
                await AuthExchangeBrokenAsync(status);
                return;
            }

            response = System.Text.Encoding.ASCII.GetString(line!);
        }

        if (response == "*")
        {
            await ReplyAsync(new SmtpReply(501, "5.0.0", "Authentication cancelled."));
            return;
        }

        var decoded = SaslBase64.Decode(response);
        if (decoded is null)
        {
            await BadAsync(new SmtpReply(501, "5.5.2", "Cannot decode the base64 response."));
            return;
        }

        var identity = auth.Mechanism switch
        {
            "XOAUTH2" or "OAUTHBEARER" => await BearerAsync(auth.Mechanism, decoded),
            _ => await PlainAsync(decoded),
        };
        if (identity is null)
        {
            return;
        }

        SmtpLog.Authentication(_front.Logger, _connection.ConnectionId, auth.Mechanism, identity.Verdict, identity.Reason);
        switch (identity.Verdict)
        {
            case FrontVerdict.Success:
                _identity = identity.Address;
                await ReplyAsync(new SmtpReply(235, "2.7.0", "Authentication successful."));
                break;
            case FrontVerdict.Unavailable:
                await ReplyAsync(new SmtpReply(454, "4.7.0", "Temporary authentication failure: try again later."));
                break;
            default:
                if (auth.Mechanism != "PLAIN" && !await ErrorChallengeAsync(identity.Verdict))
                {
                    return;
                }

                var text = identity.Verdict == FrontVerdict.NotAuthorized
                    ? "Authentication credentials invalid: not authorised on this BAL."
                    : "Authentication credentials invalid.";
                if (++_authFailures >= _limits.MaxAuthFailures)
                {
                    await CloseAsync(new SmtpReply(535, "5.7.8", text + " Too many failures, closing the connection."));
                    return;
                }

                await ReplyAsync(new SmtpReply(535, "5.7.8", text));
                break;
        }
    }

    private async Task<FrontIdentity?> BearerAsync(string mechanism, byte[] decoded)
    {
        var bearer = mechanism == "XOAUTH2" ? SaslBearer.ParseXOAuth2(decoded) : SaslBearer.ParseOAuthBearer(decoded);
        if (bearer is null)
        {
            await BadAsync(new SmtpReply(501, "5.5.2", $"Malformed {mechanism} response."));
            return null;
        }

        return await _front.Authenticator.AuthenticateBearerAsync(bearer.User, bearer.Token, mechanism, _front.Stopping);
    }

    private async Task<FrontIdentity?> PlainAsync(byte[] decoded)
    {
        var plain = SaslPlain.Parse(decoded);
        if (plain is null || (plain.AuthorizationId is not null && !string.Equals(plain.AuthorizationId, plain.AuthenticationId, StringComparison.OrdinalIgnoreCase)))
        {
            await BadAsync(new SmtpReply(501, "5.5.2", "Malformed PLAIN response: the login must be the BAL address."));
            return null;
        }

        return await _front.Authenticator.AuthenticateCertificateAsync(plain.AuthenticationId, _connection.ClientCertificate, _connection.ClientIntermediates, _front.Stopping);
    }

    /// <summary>The bearer mechanisms' failure: a 334 with the JSON status; the client answers with an empty line.</summary>
    private async Task<bool> ErrorChallengeAsync(FrontVerdict verdict)
    {
        await ReplyAsync(new SmtpReply(334, null, SaslBearer.ErrorChallenge(verdict == FrontVerdict.NotAuthorized ? "403" : "401")), flush: true);
        var (status, _) = await ReadLineAsync(_limits.MaxAuthLine);
        if (status != ReadStatus.Line)
        {
            await AuthExchangeBrokenAsync(status);
            return false;
        }

        return true;
    }

    private async Task AuthExchangeBrokenAsync(ReadStatus status)
    {
        switch (status)
        {
            case ReadStatus.TooLong:
                await BadAsync(new SmtpReply(500, "5.5.6", "Authentication exchange line is too long."));
                break;
            case ReadStatus.BareLineFeed:
                await BadAsync(new SmtpReply(500, "5.5.2", "Syntax error: lines must end with CRLF."));
                break;
            case ReadStatus.TimedOut:
                await CloseAsync(new SmtpReply(421, "4.4.2", "Timeout during authentication, closing the connection."));
                break;
            case ReadStatus.Stopping:
                await CloseAsync(SmtpReplies.ShuttingDown);
                break;
            default:
                _closing = true;
                break;
        }
    }
}
