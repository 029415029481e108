using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// SELECT and EXAMINE (RFC 3501 §6.3.1-2), with HIGHESTMODSEQ (RFC 7162 §3.1.2.1); with the QRESYNC parameter, the
/// client's resynchronisation in the same response (§3.2.5): the UIDs expunged since its modseq, then the flags of
/// the messages changed since. Under IMAP4rev2 (RFC 9051 §6.3.2) a LIST line names the mailbox, and RECENT and
/// [UNSEEN] are not sent.
/// </summary>
internal static class SelectHandler
{
    public static async Task HandleAsync(IImapContext session, SelectCommand select)
    {
        if (select.Qresync is not null && !session.Enabled.Qresync)
        {
            await session.BadAsync(select.Tag, null, "QRESYNC parameters need ENABLE QRESYNC first (RFC 7162 §3.2.5).");
            return;
        }

        if (select.CondStore)
        {
            session.Enabled.EnableCondStore();
        }

        // Selecting another mailbox (or failing to) leaves the current one first, without expunge (RFC 3501 §6.3.1);
        // a QRESYNC client is told so, since the responses that follow are the new mailbox's (RFC 7162 §3.2.11).
        var wasSelected = session.State is SelectedState;
        session.Unselect();
        if (wasSelected && session.Enabled.Qresync)
        {
            await session.OkAsync("*", "Previous mailbox is now closed.", ResponseCode.Closed);
        }

        var folder = await session.FolderAsync(select.Mailbox);
        if (folder is null)
        {
            await session.TaggedAsync(select.Tag, ImapStatus.No, ResponseCode.Nonexistent, $"There is no mailbox {select.Mailbox}.");
            return;
        }

        var view = await SelectedMailbox.OpenAsync(session.Front.Folders, session.Front.Changes, session.Front.Mailboxes, folder, select.ReadOnly, session.Enabled, session.Front.Stopping);
        session.Select(view);
        var status = await session.Front.Mailboxes.GetStatusAsync(folder.Id, session.Front.Stopping);
        var firstUnseen = view.Uids.Select((uid, index) => (uid, index)).FirstOrDefault(u => !view.FlagsOf(u.uid).Has(MessageFlags.Seen));
        await session.WriteAsync($"* FLAGS {ImapFlags.Defined(view.Keywords)}\r\n");
        await session.WriteAsync(select.ReadOnly
            ? "* OK [PERMANENTFLAGS ()] Read-only mailbox.\r\n"
            : $"* OK [PERMANENTFLAGS {ImapFlags.Permanent(view.Keywords)}] Flags permitted.\r\n");
        if (session.Enabled.Rev2)
        {
            var attributes = folder.SpecialUse == SpecialUse.None ? "" : $"\\{folder.SpecialUse}";
            await session.WriteAsync($"* {view.Count} EXISTS\r\n* LIST ({attributes}) \"{Folder.HierarchyDelimiter}\" {MailboxNames.Quoted(folder.Name, utf8: true)}\r\n");
        }
        else
        {
            await session.WriteAsync($"* {view.Count} EXISTS\r\n* {view.RecentCount} RECENT\r\n");
        }

        if (view.Count > 0 && firstUnseen.uid != 0 && !session.Enabled.Rev2)
        {
            await session.WriteAsync($"* OK [UNSEEN {firstUnseen.index + 1}] First unseen.\r\n");
        }

        await session.WriteAsync($"* OK [UIDVALIDITY {status.UidValidity}] UIDs valid.\r\n* OK [UIDNEXT {status.UidNext}] Predicted next UID.\r\n");
        await session.WriteAsync($"* OK [HIGHESTMODSEQ {view.HighestModSeq}] Highest mod-sequence.\r\n");
        if (select.Qresync is { } known && known.UidValidity == status.UidValidity)
        {
            await ResynchroniseAsync(session, view, known);
        }

        await session.OkAsync(select.Tag, $"{select.Name} completed.", select.ReadOnly ? ResponseCode.ReadOnly : ResponseCode.ReadWrite);
    }

    /// <summary>
    /// RFC 7162 §3.2.5.2: <c>* VANISHED (EARLIER)</c> with the known UIDs expunged after the client's modseq, then a
    /// FETCH (UID, FLAGS, MODSEQ) for each message changed after it; nothing more for a mailbox that did not change.
    /// </summary>
    private static async Task ResynchroniseAsync(IImapContext session, SelectedMailbox view, QresyncParameters known)
    {
        if (known.ModSeq >= view.HighestModSeq)
        {
            return;
        }

        var changes = await session.Front.Mailboxes.GetChangesAsync(view.Folder.Id, known.ModSeq, session.Front.Stopping);
        var largest = Math.Max(view.Count == 0 ? 0 : view.Uids[^1], changes.Expunged.Count == 0 ? 0 : changes.Expunged.Max());
        var knownRanges = known.KnownUids?.Resolve(largest);
        var vanished = changes.Expunged
            .Where(uid => view.SequenceOf(uid) == 0 && (knownRanges is null || knownRanges.Any(r => uid >= r.First && uid <= r.Last)))
            .Order().ToList();
        if (vanished.Count > 0)
        {
            await session.WriteAsync($"* VANISHED (EARLIER) {ImapValues.ToUidSet(vanished)}\r\n");
        }

        foreach (var uid in view.Uids.Where(uid => view.ModSeqOf(uid) > known.ModSeq))
        {
            await session.WriteAsync(view.FlagsFetch(uid, view.FlagsOf(uid), view.ModSeqOf(uid), withUid: true) + "\r\n");
        }
    }
}
