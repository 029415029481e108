using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// CLOSE expunges silently (unless read-only); UNSELECT does not (RFC 3691).
/// </summary>
internal static class CloseHandler
{
    public static async Task HandleAsync(IImapContext session, string tag, bool expunge)
    {
        var view = session.Selected!;
        if (expunge && !view.ReadOnly)
        {
            await session.Front.Mailboxes.ExpungeAsync(view.Folder.Id, null, session.Front.Stopping);
        }

        view.Dispose();
        session.Selected = null;
        await session.OkAsync(tag, $"{(expunge ? "CLOSE" : "UNSELECT")} completed.");
    }
}
