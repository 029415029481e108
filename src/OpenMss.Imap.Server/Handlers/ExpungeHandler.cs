using OpenMss.Imap.Protocol;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// EXPUNGE, and UID EXPUNGE of a set (RFC 4315 §2.1): only \Deleted messages go.
/// </summary>
internal static class ExpungeHandler
{
    public static async Task HandleAsync(IImapContext session, SelectedMailbox view, string tag, SequenceSet? uids)
    {
        if (view.ReadOnly)
        {
            await session.TaggedAsync(tag, ImapStatus.No, ResponseCode.ReadOnly, "The mailbox is selected read-only.");
            return;
        }

        UidSet? set = null;
        if (uids is not null)
        {
            set = new UidSet([.. view.Resolve(uids, uid: true)!.Select(u => new UidRange(u, u))]);
        }

        var removed = await session.Front.Mailboxes.ExpungeAsync(view.Folder.Id, set, session.Front.Stopping);
        foreach (var line in view.Forget(removed))
        {
            await session.WriteAsync(line + "\r\n");
        }

        await session.SyncAsync(allowExpunge: true);
        await session.OkAsync(tag, $"{(uids is null ? "EXPUNGE" : "UID EXPUNGE")} completed.");
    }
}
