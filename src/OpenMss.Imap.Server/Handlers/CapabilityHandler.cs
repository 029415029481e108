namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// CAPABILITY (RFC 3501 §6.1.1).
/// </summary>
internal static class CapabilityHandler
{
    public static async Task HandleAsync(IImapContext session, string tag)
    {
        await session.WriteAsync($"* CAPABILITY {session.Capabilities()}\r\n");
        await session.OkAsync(tag, "CAPABILITY completed.");
    }
}
