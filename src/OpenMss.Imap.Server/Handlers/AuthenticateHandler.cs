using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Net;
using OpenMss.Net.Sasl;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// AUTHENTICATE (RFC 3501 §6.2.2, SASL-IR RFC 4959) through the SASL exchange the SMTP fronts share; RFC 5530 codes on
/// failure, after the bearer mechanisms' error challenge.
/// </summary>
internal static class AuthenticateHandler
{
    public static async Task HandleAsync(IImapContext session, AuthenticateCommand auth)
    {
        var front = session.Front;
        var outcome = await SaslExchange.RunAsync(front.Kind, auth.Mechanism, auth.InitialResponse, new Channel(session), front.Authenticator, session.Connection, front.Stopping);
        switch (outcome.End)
        {
            case SaslEnd.Unsupported:
                await session.TaggedAsync(auth.Tag, ImapStatus.No, ResponseCode.Cannot, $"Unsupported mechanism: this front offers {SaslExchange.Offered(front.Kind)}.");
                return;
            case SaslEnd.Broken:
                session.Close();
                return;
            case SaslEnd.Cancelled:
                await session.BadAsync(auth.Tag, null, "Authentication cancelled.");
                return;
            case SaslEnd.BadBase64:
                await session.BadAsync(auth.Tag, null, "Invalid base64.");
                return;
            case SaslEnd.Malformed:
                await session.BadAsync(auth.Tag, null, $"Malformed {auth.Mechanism} response.");
                return;
        }

        var identity = outcome.Identity!;
        ImapLog.Authentication(front.Logger, session.Connection.ConnectionId, auth.Mechanism, identity.Verdict, identity.Reason);
        switch (identity)
        {
            case { Verdict: FrontVerdict.Success, BalId: { } balId }:
                session.Authenticated(balId);
                await session.OkAsync(auth.Tag, "Authenticated.", ResponseCode.Capability, session.Capabilities());
                return;
            case { Verdict: FrontVerdict.Unavailable }:
                await session.TaggedAsync(auth.Tag, ImapStatus.No, ResponseCode.Unavailable, "Authentication is temporarily unavailable: try again later.");
                return;
        }

        var notAllowed = identity.Verdict == FrontVerdict.NotAuthorized;
        await session.TaggedAsync(auth.Tag, ImapStatus.No, notAllowed ? ResponseCode.AuthorizationFailed : ResponseCode.AuthenticationFailed, notAllowed ? "Not authorised on this BAL." : "Authentication failed.");
        if (session.AuthenticationFailed())
        {
            await session.ByeAsync("Too many authentication failures.");
        }
    }

    /// <summary>IMAP's continuation ("+ ") and the line after it.</summary>
    private sealed class Channel(IImapContext session) : ISaslChannel
    {
        public Task SendChallengeAsync(string challenge) => session.WriteAsync($"+ {challenge}\r\n", flush: true);

        public Task<string?> ReadResponseAsync() => session.ReadSaslLineAsync();
    }
}
