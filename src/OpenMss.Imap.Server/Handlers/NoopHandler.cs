namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// NOOP and CHECK: a chance to hear what changed (RFC 3501 §6.1.2, §6.4.1).
/// </summary>
internal static class NoopHandler
{
    public static async Task HandleAsync(IImapContext session, string tag, string verb)
    {
        await session.SyncAsync(allowExpunge: true);
        await session.OkAsync(tag, $"{verb} completed.");
    }
}
