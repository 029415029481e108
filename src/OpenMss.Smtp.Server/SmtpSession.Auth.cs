using OpenMss.Net.Sasl;
using OpenMss.Net;
using OpenMss.Smtp.Protocol;

namespace OpenMss.Smtp.Server;

/// <summary>
/// AUTH (RFC 4954) through the SASL exchange the IMAP fronts share: XOAUTH2 and OAUTHBEARER on the PSC front, PLAIN
/// with the client certificate on the AUTH_CLI front. A refused bearer token gets the error challenge first
/// (spec §13 #14), then 535 5.7.8.
/// </summary>
internal sealed partial class SmtpSession
{
    private async Task AuthAsync(AuthCommand auth)
    {
        var channel = new Channel(this);
        var outcome = await SaslExchange.RunAsync(_front.Kind, auth.Mechanism, auth.InitialResponse, channel, _front.Authenticator, _connection, _front.Stopping);
        switch (outcome.End)
        {
            case SaslEnd.Unsupported:
                await BadAsync(new SmtpReply(504, "5.5.4", $"Unrecognized authentication type: this front offers {SaslExchange.Offered(_front.Kind)}."));
                return;
            case SaslEnd.Broken:
                await AuthExchangeBrokenAsync(channel.Status);
                return;
            case SaslEnd.Cancelled:
                await ReplyAsync(new SmtpReply(501, "5.0.0", "Authentication cancelled."));
                return;
            case SaslEnd.BadBase64:
                await BadAsync(new SmtpReply(501, "5.5.2", "Cannot decode the base64 response."));
                return;
            case SaslEnd.Malformed:
                await BadAsync(new SmtpReply(501, "5.5.2", auth.Mechanism == "PLAIN" ? "Malformed PLAIN response: the login must be the BAL address." : $"Malformed {auth.Mechanism} response."));
                return;
        }

        var identity = outcome.Identity!;
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
                var text = identity.Verdict == FrontVerdict.NotAuthorized
                    ? "Authentication credentials invalid: not authorised on this BAL."
                    : "Authentication credentials invalid.";
                if (_counters.AuthFailed())
                {
                    await CloseAsync(new SmtpReply(535, "5.7.8", text + " Too many failures, closing the connection."));
                    return;
                }

                await ReplyAsync(new SmtpReply(535, "5.7.8", text));
                break;
        }
    }

    /// <summary>SMTP's continuation (334) and the line after it; remembers why a read failed.</summary>
    private sealed class Channel(SmtpSession session) : ISaslChannel
    {
        public ReadStatus Status { get; private set; } = ReadStatus.Line;

        public Task SendChallengeAsync(string challenge) => session.ReplyAsync(new SmtpReply(334, null, challenge), flush: true);

        public async Task<string?> ReadResponseAsync()
        {
            var (status, line) = await session.ReadLineAsync(session._limits.MaxAuthLine);
            Status = status;
            var response = status == ReadStatus.Line ? System.Text.Encoding.ASCII.GetString(line!) : null;
            session._transcript?.ClientResponse(response);
            return response;
        }
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
