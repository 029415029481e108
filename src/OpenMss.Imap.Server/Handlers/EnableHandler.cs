namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// ENABLE (RFC 5161): no extension needs enabling here yet, so it answers with none.
/// </summary>
internal static class EnableHandler
{
    public static async Task HandleAsync(IImapContext session, string tag)
    {
        await session.WriteAsync("* ENABLED\r\n");
        await session.OkAsync(tag, "ENABLE completed.");
    }
}
