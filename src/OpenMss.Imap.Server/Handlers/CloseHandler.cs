using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// CLOSE expunges silently (unless read-only); UNSELECT does not (RFC 3691).
/// </summary>
internal static class CloseHandler
{
    public static async Task HandleAsync(IImapContext session, SelectedMailbox view, string tag, bool expunge)
    {
        if (expunge && !view.ReadOnly)
        {
            await session.Front.Mailboxes.ExpungeAsync(view.Folder.Id, null, session.Front.Stopping);
        }

        session.Unselect();
        await session.OkAsync(tag, $"{(expunge ? "CLOSE" : "UNSELECT")} completed.");
    }
}
