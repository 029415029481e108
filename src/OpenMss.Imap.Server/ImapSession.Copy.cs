using OpenMss.Imap.Protocol.Responses;
using OpenMss.Imap.Protocol.Commands;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server;

/// <summary>COPY, MOVE (RFC 6851) and APPEND, with UIDPLUS's COPYUID and APPENDUID (RFC 4315).</summary>
internal sealed partial class ImapSession
{
    private async Task CopyAsync(CopyCommand copy)
    {
        var view = _selected!;
        var uids = view.Resolve(copy.Set, copy.Uid);
        if (uids is null)
        {
            await BadAsync(copy.Tag, null, "Invalid sequence number.");
            return;
        }

        if (copy.Move && view.ReadOnly)
        {
            await TaggedAsync(copy.Tag, ImapStatus.No, ResponseCode.ReadOnly, "The mailbox is selected read-only.");
            return;
        }

        var target = await FolderAsync(copy.Mailbox);
        if (target is null)
        {
            await TaggedAsync(copy.Tag, ImapStatus.No, ResponseCode.TryCreate, $"There is no mailbox {copy.Mailbox}.");
            return;
        }

        if (uids.Count == 0)
        {
            await OkAsync(copy.Tag, $"{copy.Name} completed: nothing to {(copy.Move ? "move" : "copy")}.");
            return;
        }

        var result = copy.Move
            ? await _front.Mailboxes.MoveAsync(view.Folder.Id, ToUidSet(uids), target.Id, _front.Stopping)
            : await _front.Mailboxes.CopyAsync(view.Folder.Id, ToUidSet(uids), target.Id, _front.Stopping);
        var copyUid = result.Mappings.Count == 0 ? null
            : $"{result.TargetUidValidity} {string.Join(',', result.Mappings.Select(m => m.Source))} {string.Join(',', result.Mappings.Select(m => m.Target))}";
        ResponseCode? code = copyUid is null ? null : ResponseCode.CopyUid;
        if (!copy.Move)
        {
            await OkAsync(copy.Tag, "COPY completed.", code, copyUid);
            return;
        }

        // MOVE: the COPYUID comes untagged, then the source's expunges (RFC 6851 §4.3).
        if (copyUid is not null)
        {
            await RespondAsync(new StatusResponse(null, ImapStatus.Ok, "Moved.", ResponseCode.CopyUid, copyUid));
        }

        foreach (var line in view.Forget([.. result.Mappings.Select(m => m.Source)]))
        {
            await WriteAsync(line + "\r\n");
        }

        await OkAsync(copy.Tag, $"{copy.Name} completed.");
    }

    private async Task AppendAsync(AppendCommand append)
    {
        var target = await FolderAsync(append.Mailbox);
        if (target is null)
        {
            await TaggedAsync(append.Tag, ImapStatus.No, ResponseCode.TryCreate, $"There is no mailbox {append.Mailbox}.");
            return;
        }

        var result = await _front.Mailboxes.AppendAsync(
            target.Id,
            new MemoryStream(append.Message, writable: false),
            ImapFlags.Parse(append.Flags),
            append.Date ?? _front.Clock.GetUtcNow(),
            _front.Limits.Grammar.MaxAppendLiteral,
            _front.Stopping);
        if (_selected?.Folder.Id == target.Id)
        {
            await SyncAsync(allowExpunge: false);
        }

        await OkAsync(append.Tag, "APPEND completed.", ResponseCode.AppendUid, $"{result.UidValidity} {result.Uid}");
    }
}
