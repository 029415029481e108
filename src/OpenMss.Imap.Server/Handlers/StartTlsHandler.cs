using OpenMss.Net;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// STARTTLS (RFC 3501 §6.2.1) and EXAMPLES.md's recipe: nothing may be buffered behind it; state is forgotten after.
/// </summary>
internal static class StartTlsHandler
{
    public static async Task HandleAsync(IImapContext session, string tag)
    {
        if (session.Connection.HasBufferedInput())
        {
            await session.BadAsync(tag, null, "Commands pipelined after STARTTLS are refused.");
            await session.ByeAsync("Closing after a STARTTLS with pipelined data.");
            return;
        }

        await session.OkAsync(tag, "Begin TLS negotiation now.", flush: true);
        if (!await session.Connection.StartTlsAsync(session.Front.Tls, requestClientCertificate: session.Front.Kind == FrontKind.AuthCli, session.Front.Stopping))
        {
            ImapLog.TlsFailed(session.Front.Logger, session.Connection.ConnectionId);
            session.Close();
        }
    }
}
