using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// STORE and UID STORE (RFC 3501 §6.4.6).
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

        var flags = ImapFlags.Parse(store.Flags);
        var mode = store.Mode switch
        {
            StoreMode.Add => FlagChangeMode.Add,
            StoreMode.Remove => FlagChangeMode.Remove,
            _ => FlagChangeMode.Replace,
        };
        var result = uids.Count == 0 ? new StoreFlagsResult([], []) : await session.Front.Mailboxes.StoreFlagsAsync(view.Folder.Id, ImapValues.ToUidSet(uids), mode, flags, null, session.Front.Stopping);
        var updated = result.Updated.ToDictionary(u => u.Uid);
        foreach (var uid in uids)
        {
            var current = updated.TryGetValue(uid, out var update) ? update.Flags : view.FlagsOf(uid);
            view.Remember(uid, current);
            foreach (var line in view.Announce(current))
            {
                await session.WriteAsync(line + "\r\n"); // even for .SILENT: the client made a keyword the mailbox now has
            }

            if (!store.Silent)
            {
                await session.WriteAsync($"* {view.SequenceOf(uid)} FETCH ({(store.Uid ? $"UID {uid} " : "")}FLAGS {ImapFlags.Format(current)})\r\n");
            }
        }

        await session.SyncAsync(allowExpunge: store.Uid);
        await session.OkAsync(store.Tag, $"{store.Name} completed.");
    }
}
