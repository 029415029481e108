using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// SELECT and EXAMINE (RFC 3501 §6.3.1-2).
/// </summary>
internal static class SelectHandler
{
    public static async Task HandleAsync(IImapContext session, SelectCommand select)
    {
        // Selecting another mailbox (or failing to) leaves the current one first, without expunge (RFC 3501 §6.3.1).
        session.Unselect();
        var folder = await session.FolderAsync(select.Mailbox);
        if (folder is null)
        {
            await session.TaggedAsync(select.Tag, ImapStatus.No, ResponseCode.Nonexistent, $"There is no mailbox {select.Mailbox}.");
            return;
        }

        var view = await SelectedMailbox.OpenAsync(session.Front.Folders, session.Front.Changes, folder, select.ReadOnly, session.Front.Stopping);
        session.Select(view);
        var status = await session.Front.Mailboxes.GetStatusAsync(folder.Id, session.Front.Stopping);
        var firstUnseen = view.Uids.Select((uid, index) => (uid, index)).FirstOrDefault(u => !view.FlagsOf(u.uid).Has(MessageFlags.Seen));
        await session.WriteAsync($"* FLAGS {ImapFlags.Defined(view.Keywords)}\r\n");
        await session.WriteAsync(select.ReadOnly
            ? "* OK [PERMANENTFLAGS ()] Read-only mailbox.\r\n"
            : $"* OK [PERMANENTFLAGS {ImapFlags.Permanent(view.Keywords)}] Flags permitted.\r\n");
        await session.WriteAsync($"* {view.Count} EXISTS\r\n* 0 RECENT\r\n");
        if (view.Count > 0 && firstUnseen.uid != 0)
        {
            await session.WriteAsync($"* OK [UNSEEN {firstUnseen.index + 1}] First unseen.\r\n");
        }

        await session.WriteAsync($"* OK [UIDVALIDITY {status.UidValidity}] UIDs valid.\r\n* OK [UIDNEXT {status.UidNext}] Predicted next UID.\r\n");
        await session.OkAsync(select.Tag, $"{select.Name} completed.", select.ReadOnly ? ResponseCode.ReadOnly : ResponseCode.ReadWrite);
    }
}
