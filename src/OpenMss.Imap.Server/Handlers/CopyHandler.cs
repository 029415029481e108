using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// COPY, MOVE (RFC 6851) and their UID forms, with COPYUID (RFC 4315).
/// </summary>
internal static class CopyHandler
{
    public static async Task HandleAsync(IImapContext session, SelectedMailbox view, CopyCommand copy)
    {
        var uids = view.Resolve(copy.Set, copy.Uid);
        if (uids is null)
        {
            await session.BadAsync(copy.Tag, null, "Invalid sequence number.");
            return;
        }

        if (copy.Move && view.ReadOnly)
        {
            await session.TaggedAsync(copy.Tag, ImapStatus.No, ResponseCode.ReadOnly, "The mailbox is selected read-only.");
            return;
        }

        var target = await session.FolderAsync(copy.Mailbox);
        if (target is null)
        {
            await session.TaggedAsync(copy.Tag, ImapStatus.No, ResponseCode.TryCreate, $"There is no mailbox {copy.Mailbox}.");
            return;
        }

        if (uids.Count == 0)
        {
            await session.OkAsync(copy.Tag, $"{copy.Name} completed: nothing to {(copy.Move ? "move" : "copy")}.");
            return;
        }

        // A MOVE stays within the BAL and adds nothing to it; a COPY adds its messages.
        if (!copy.Move && session.Front.Quotas is not null)
        {
            var copied = await session.Front.Mailboxes.FetchAsync(view.Folder.Id, ImapValues.ToUidSet(uids), session.Front.Stopping);
            if (await QuotaHandler.RefusedAsync(session, copy.Tag, target.BalId, copied.Sum(m => m.Size), copied.Count))
            {
                return;
            }
        }

        var result = copy.Move
            ? await session.Front.Mailboxes.MoveAsync(view.Folder.Id, ImapValues.ToUidSet(uids), target.Id, session.Front.Stopping)
            : await session.Front.Mailboxes.CopyAsync(view.Folder.Id, ImapValues.ToUidSet(uids), target.Id, session.Front.Stopping);
        var copyUid = result.Mappings.Count == 0 ? null
            : $"{result.TargetUidValidity} {string.Join(',', result.Mappings.Select(m => m.Source))} {string.Join(',', result.Mappings.Select(m => m.Target))}";
        ResponseCode? code = copyUid is null ? null : ResponseCode.CopyUid;
        var intoSelected = target.Id == view.Folder.Id;
        if (!copy.Move)
        {
            if (intoSelected)
            {
                await session.SyncAsync(allowExpunge: copy.Uid); // RFC 3501 §5.2: the new messages, in this response
            }

            await session.OkAsync(copy.Tag, "COPY completed.", code, copyUid);
            return;
        }

        // MOVE: the COPYUID comes untagged, then the source's expunges (RFC 6851 §4.3).
        if (copyUid is not null)
        {
            await session.RespondAsync(new StatusResponse(null, ImapStatus.Ok, "Moved.", ResponseCode.CopyUid, copyUid));
        }

        foreach (var line in view.Forget([.. result.Mappings.Select(m => m.Source)]))
        {
            await session.WriteAsync(line + "\r\n");
        }

        if (intoSelected)
        {
            await session.SyncAsync(allowExpunge: copy.Uid);
        }

        await session.OkAsync(copy.Tag, $"{copy.Name} completed.");
    }
}
