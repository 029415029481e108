namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// LOGOUT (RFC 3501 §6.1.3).
/// </summary>
internal static class LogoutHandler
{
    public static async Task HandleAsync(IImapContext session, string tag)
    {
        await session.WriteAsync("* BYE Logging out.\r\n");
        await session.OkAsync(tag, "LOGOUT completed.");
        session.Close();
        await session.Connection.Output.FlushAsync();
    }
}
