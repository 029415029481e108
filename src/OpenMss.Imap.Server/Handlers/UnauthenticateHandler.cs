namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// UNAUTHENTICATE (RFC 8437): back to the not-authenticated state on the same TLS connection, the selected mailbox
/// left without expunge. An LPS whose session reaches its lifetime (spec §13 #2) can authenticate again with a
/// fresh token without a new connection and handshake.
/// </summary>
internal static class UnauthenticateHandler
{
    public static async Task HandleAsync(IImapContext session, string tag)
    {
        session.Unauthenticate();
        await session.OkAsync(tag, "UNAUTHENTICATE completed.");
    }
}
