using OpenMss.Imap.Protocol.Responses;
using System.Globalization;
using OpenMss.Imap.Protocol;
using OpenMss.Imap.Protocol.Commands;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server;

/// <summary>SELECT, EXAMINE, CLOSE, UNSELECT, EXPUNGE, UID EXPUNGE, STORE, and the synchronisation of the selected view.</summary>
internal sealed partial class ImapSession
{
    private SelectedMailbox? _selected;

    private async Task SelectAsync(SelectCommand select)
    {
        // Selecting another mailbox (or failing to) leaves the current one first, without expunge (RFC 3501 §6.3.1).
        _selected?.Dispose();
        _selected = null;
        var folder = await FolderAsync(select.Mailbox);
        if (folder is null)
        {
            await TaggedAsync(select.Tag, ImapStatus.No, ResponseCode.Nonexistent, $"There is no mailbox {select.Mailbox}.");
            return;
        }

        var view = await SelectedMailbox.OpenAsync(_front.Folders, _front.Changes, folder, select.ReadOnly, _front.Stopping);
        _selected = view;
        var status = await _front.Mailboxes.GetStatusAsync(folder.Id, _front.Stopping);
        var firstUnseen = view.Uids.Select((uid, index) => (uid, index)).FirstOrDefault(u => !view.FlagsOf(u.uid).Has(MessageFlags.Seen));
        await WriteAsync($"* FLAGS {ImapFlags.Defined}\r\n");
        await WriteAsync(select.ReadOnly
            ? "* OK [PERMANENTFLAGS ()] Read-only mailbox.\r\n"
            : "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.\r\n");
        await WriteAsync($"* {view.Count} EXISTS\r\n* 0 RECENT\r\n");
        if (view.Count > 0 && firstUnseen.uid != 0)
        {
            await WriteAsync($"* OK [UNSEEN {firstUnseen.index + 1}] First unseen.\r\n");
        }

        await WriteAsync($"* OK [UIDVALIDITY {status.UidValidity}] UIDs valid.\r\n* OK [UIDNEXT {status.UidNext}] Predicted next UID.\r\n");
        await OkAsync(select.Tag, $"{select.Name} completed.", select.ReadOnly ? ResponseCode.ReadOnly : ResponseCode.ReadWrite);
    }

    /// <summary>CLOSE expunges silently (unless read-only); UNSELECT does not (RFC 3691).</summary>
    private async Task CloseAsync(string tag, bool expunge)
    {
        var view = _selected!;
        if (expunge && !view.ReadOnly)
        {
            await _front.Mailboxes.ExpungeAsync(view.Folder.Id, null, _front.Stopping);
        }

        view.Dispose();
        _selected = null;
        await OkAsync(tag, $"{(expunge ? "CLOSE" : "UNSELECT")} completed.");
    }

    /// <summary>EXPUNGE, or UID EXPUNGE of a set (RFC 4315 §2.1): only \Deleted messages go.</summary>
    private async Task ExpungeAsync(string tag, SequenceSet? uids)
    {
        var view = _selected!;
        if (view.ReadOnly)
        {
            await TaggedAsync(tag, ImapStatus.No, ResponseCode.ReadOnly, "The mailbox is selected read-only.");
            return;
        }

        UidSet? set = null;
        if (uids is not null)
        {
            set = new UidSet([.. view.Resolve(uids, uid: true)!.Select(u => new UidRange(u, u))]);
        }

        var removed = await _front.Mailboxes.ExpungeAsync(view.Folder.Id, set, _front.Stopping);
        foreach (var line in view.Forget(removed))
        {
            await WriteAsync(line + "\r\n");
        }

        await SyncAsync(allowExpunge: true);
        await OkAsync(tag, $"{(uids is null ? "EXPUNGE" : "UID EXPUNGE")} completed.");
    }

    private async Task StoreAsync(StoreCommand store)
    {
        var view = _selected!;
        if (view.ReadOnly)
        {
            await TaggedAsync(store.Tag, ImapStatus.No, ResponseCode.ReadOnly, "The mailbox is selected read-only.");
            return;
        }

        var uids = view.Resolve(store.Set, store.Uid);
        if (uids is null)
        {
            await BadAsync(store.Tag, null, "Invalid sequence number.");
            return;
        }

        var flags = ImapFlags.Parse(store.Flags);
        var mode = store.Mode switch
        {
            StoreMode.Add => FlagChangeMode.Add,
            StoreMode.Remove => FlagChangeMode.Remove,
            _ => FlagChangeMode.Replace,
        };
        var result = uids.Count == 0 ? new StoreFlagsResult([], []) : await _front.Mailboxes.StoreFlagsAsync(view.Folder.Id, ToUidSet(uids), mode, flags, null, _front.Stopping);
        var updated = result.Updated.ToDictionary(u => u.Uid);
        foreach (var uid in uids)
        {
            var current = updated.TryGetValue(uid, out var update) ? update.Flags : view.FlagsOf(uid);
            view.Remember(uid, current);
            if (!store.Silent)
            {
                await WriteAsync($"* {view.SequenceOf(uid)} FETCH ({(store.Uid ? $"UID {uid} " : "")}FLAGS {ImapFlags.Format(current)})\r\n");
            }
        }

        await SyncAsync(allowExpunge: store.Uid);
        await OkAsync(store.Tag, $"{store.Name} completed.");
    }

    /// <summary>Announces what changed in the selected mailbox since the session last looked.</summary>
    private async Task SyncAsync(bool allowExpunge)
    {
        if (_selected is null)
        {
            return;
        }

        foreach (var line in await _selected.SyncAsync(allowExpunge, _front.Stopping))
        {
            await WriteAsync(line + "\r\n");
        }
    }

    private static UidSet ToUidSet(IEnumerable<uint> uids)
    {
        var ranges = new List<UidRange>();
        foreach (var uid in uids.Order())
        {
            if (ranges.Count > 0 && ranges[^1].Last + 1 == uid)
            {
                ranges[^1] = new UidRange(ranges[^1].First, uid);
            }
            else
            {
                ranges.Add(new UidRange(uid, uid));
            }
        }

        return new UidSet(ranges);
    }

    private static string InternalDate(DateTimeOffset date) =>
        "\"" + date.ToString("dd-MMM-yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal) + "\"";
}
