using Microsoft.AspNetCore.Connections;

namespace OpenMss.Imap.Server;

/// <summary>Runs an IMAP front on a Kestrel listener: <c>listen.Use(_ => context => ImapListener.RunAsync(front, context))</c>.</summary>
public static class ImapListener
{
    public static Task RunAsync(ImapFront front, ConnectionContext context) => ImapSession.RunAsync(front, context);
}
