namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// ID (RFC 2971).
/// </summary>
internal static class IdHandler
{
    public static async Task HandleAsync(IImapContext session, string tag)
    {
        await session.WriteAsync("* ID (\"name\" \"OpenMSS\" \"vendor\" \"OpenMSS\" \"support-url\" \"https://github.com/openmss\")\r\n");
        await session.OkAsync(tag, "ID completed.");
    }
}
