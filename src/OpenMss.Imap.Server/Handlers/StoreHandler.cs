using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// STORE and UID STORE (RFC 3501 §6.4.6); with UNCHANGEDSINCE (RFC 7162 §3.1.3), messages modified after the
/// client's modseq are left alone and named in <c>[MODIFIED set]</c>.
/// </summary>
internal static class StoreHandler
{
    public static async Task HandleAsync(IImapContext session, SelectedMailbox view, StoreCommand store)
    {
        if (view.ReadOnly)
        {
            await session.TaggedAsync(store.Tag, ImapStatus.No, ResponseCode.ReadOnly, "The mailbox is selected read-only.");
            return;
        }

        var uids = view.Resolve(store.Set, store.Uid);
        if (uids is null)
        {
            await session.BadAsync(store.Tag, null, "Invalid sequence number.");
            return;
        }

        if (store.UnchangedSince is not null)
        {
            session.Enabled.EnableCondStore();
        }

        var flags = ImapFlags.Parse(store.Flags);
        var mode = store.Mode switch
        {
            StoreMode.Add => FlagChangeMode.Add,
            StoreMode.Remove => FlagChangeMode.Remove,
            _ => FlagChangeMode.Replace,
        };
        var result = uids.Count == 0
            ? new StoreFlagsResult([], [])
            : await session.Front.Mailboxes.StoreFlagsAsync(view.Folder.Id, ImapValues.ToUidSet(uids), mode, flags, store.UnchangedSince, session.Front.Stopping);
        var updated = result.Updated.ToDictionary(u => u.Uid);
        var conflicts = result.Conflicts.ToHashSet();
        foreach (var uid in uids.Where(u => !conflicts.Contains(u)))
        {
            var current = updated.TryGetValue(uid, out var update) ? update.Flags : view.FlagsOf(uid);
            view.Remember(uid, current);
            foreach (var line in view.Announce(current))
            {
                await session.WriteAsync(line + "\r\n"); // even for .SILENT: the client made a keyword the mailbox now has
            }

            var modSeq = update?.ModSeq ?? view.ModSeqOf(uid);
            if (!store.Silent)
            {
                await session.WriteAsync(view.FlagsFetch(uid, current, modSeq, withUid: store.Uid) + "\r\n");
            }
            else if (session.Enabled.CondStore && update is not null)
            {
                // RFC 7162 §3.1.3 (example 6): .SILENT still tells the new modseq of each message it changed.
                await session.WriteAsync($"* {view.SequenceOf(uid)} FETCH ({(store.Uid || session.Enabled.Qresync ? $"UID {uid} " : "")}MODSEQ ({modSeq}))\r\n");
            }
        }

        await session.SyncAsync(allowExpunge: store.Uid);
        if (conflicts.Count > 0)
        {
            var named = store.Uid ? conflicts.Order() : conflicts.Select(u => (uint)view.SequenceOf(u)).Order();
            await session.OkAsync(store.Tag, "Conditional STORE failed.", ResponseCode.Modified, ImapValues.ToUidSet([.. named]).ToString());
            return;
        }

        await session.OkAsync(store.Tag, $"{store.Name} completed.");
    }
}
