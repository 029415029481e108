using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Imap.Server.Views;
using OpenMss.Mime.Imap;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// FETCH and UID FETCH (RFC 3501 §6.4.5): flags, dates and sizes from the message rows; ENVELOPE, BODY and
/// BODYSTRUCTURE from the views stored beside each blob (see <see cref="MessageViews"/>), never from the message
/// itself; body sections streamed as byte ranges of the stored bytes, located by those views. BODY[...] (not PEEK), RFC822 and RFC822.TEXT set \Seen on a
/// read-write mailbox, and the new flags are part of the answer. CONDSTORE (RFC 7162 §3.1.4): MODSEQ, and
/// CHANGEDSINCE, which keeps the messages changed after a modseq; with VANISHED (§3.2.6) the UIDs of the set expunged
/// since come first.
/// </summary>
internal static class FetchHandler
{
    private static readonly HashSet<FetchAttributeName> NeedsViews = [FetchAttributeName.Envelope, FetchAttributeName.Body, FetchAttributeName.BodyStructure, FetchAttributeName.Rfc822Header, FetchAttributeName.Rfc822Text];

    public static async Task HandleAsync(IImapContext session, SelectedMailbox view, FetchCommand fetch)
    {
        var uids = view.Resolve(fetch.Set, fetch.Uid);
        if (uids is null)
        {
            await session.BadAsync(fetch.Tag, null, "Invalid sequence number.");
            return;
        }

        if (uids.Count > session.Front.Limits.MaxFetch)
        {
            await session.TaggedAsync(fetch.Tag, ImapStatus.No, ResponseCode.Limit, $"At most {session.Front.Limits.MaxFetch} messages per FETCH.");
            return;
        }

        var items = fetch.Items.ToList();
        if ((fetch.Uid || session.Enabled.Qresync) && !items.Any(i => i is FetchAttribute { Name: FetchAttributeName.Uid }))
        {
            items.Insert(0, new FetchAttribute(FetchAttributeName.Uid)); // RFC 7162 §3.2.4: UIDs in every FETCH once QRESYNC is on
        }

        if (fetch.ChangedSince is not null && !items.Any(i => i is FetchAttribute { Name: FetchAttributeName.ModSeq }))
        {
            items.Add(new FetchAttribute(FetchAttributeName.ModSeq)); // RFC 7162 §3.1.4.1: CHANGEDSINCE implies MODSEQ
        }

        if (items.Any(i => i is FetchAttribute { Name: FetchAttributeName.ModSeq }))
        {
            session.Enabled.EnableCondStore();
        }

        if (fetch.Vanished)
        {
            await VanishedAsync(session, view, fetch);
        }

        var needsLayout = items.Any(i => i is FetchSection s && !WholeMessage(s) || i is FetchBinary { Part.Count: > 0 } || i is FetchAttribute { Name: FetchAttributeName.Rfc822Header or FetchAttributeName.Rfc822Text });
        var needsViews = needsLayout || items.Any(i => i is FetchAttribute a && NeedsViews.Contains(a.Name));
        var marksSeen = !view.ReadOnly && items.Any(i => i is FetchSection { Peek: false } || i is FetchBinary { Peek: false, SizeOnly: false } || i is FetchAttribute { Name: FetchAttributeName.Rfc822 or FetchAttributeName.Rfc822Text });
        var records = uids.Count == 0 ? [] : (await session.Front.Mailboxes.FetchAsync(view.Folder.Id, ImapValues.ToUidSet(uids), session.Front.Stopping)).ToDictionary(m => m.Uid);
        if (fetch.ChangedSince is { } since)
        {
            uids = [.. uids.Where(uid => !records.TryGetValue(uid, out var record) || record.ModSeq > since)];
        }

        var seenNow = new HashSet<uint>();
        if (marksSeen)
        {
            var unseen = records.Values.Where(m => !m.Flags.Has(MessageFlags.Seen)).Select(m => m.Uid).ToList();
            if (unseen.Count > 0)
            {
                var result = await session.Front.Mailboxes.StoreFlagsAsync(view.Folder.Id, ImapValues.ToUidSet(unseen), FlagChangeMode.Add, FlagSet.Create(MessageFlags.Seen), null, session.Front.Stopping);
                foreach (var update in result.Updated)
                {
                    records[update.Uid] = records[update.Uid] with { Flags = update.Flags, ModSeq = update.ModSeq };
                    seenNow.Add(update.Uid);
                }
            }
        }

        var showsFlags = items.Any(i => i is FetchAttribute { Name: FetchAttributeName.Flags });
        var views = needsViews && records.Count > 0 ? await StoredViews.LoadAsync(session, view.Folder.Id, records, needsLayout) : null;
        var response = new FetchResponse(session);
        foreach (var uid in uids)
        {
            if (!records.TryGetValue(uid, out var record))
            {
                continue; // expunged by another session meanwhile: its number stays until the EXPUNGE may be sent
            }

            Dictionary<FetchBinary, byte[]?> binaries;
            try
            {
                binaries = await LoadBinariesAsync(session, items, record, views?[uid]);
            }
            catch (UnknownTransferEncodingException)
            {
                await session.TaggedAsync(fetch.Tag, ImapStatus.No, ResponseCode.UnknownCte, $"Message {view.SequenceOf(uid)} has a part in a transfer encoding this server cannot decode.");
                return;
            }

            view.Remember(uid, record.Flags);
            var output = response.Output;
            if (showsFlags || seenNow.Contains(uid))
            {
                foreach (var line in view.Announce(record.Flags))
                {
                    output.Raw(line).Raw("\r\n");
                }
            }

            output.Raw($"* {view.SequenceOf(uid)} FETCH (");
            var first = true;
            var flagsWritten = false;
            foreach (var item in items)
            {
                if (!first)
                {
                    output.Space();
                }

                first = false;
                flagsWritten |= item is FetchAttribute { Name: FetchAttributeName.Flags };
                await WriteItemAsync(response, item, record, views?[uid], view.IsRecent(uid), binaries);
            }

            if (seenNow.Contains(uid) && !flagsWritten)
            {
                output.Raw($" FLAGS {ImapFlags.Format(record.Flags, view.IsRecent(uid))}");
                if (session.Enabled.CondStore && !items.Any(i => i is FetchAttribute { Name: FetchAttributeName.ModSeq }))
                {
                    output.Raw($" MODSEQ ({record.ModSeq})"); // a flag change, told with its modseq (RFC 7162 §3.1.4.1)
                }
            }

            output.Raw(")\r\n");
            await response.EndLineAsync();
        }

        await session.SyncAsync(allowExpunge: fetch.Uid);
        if (uids.Any(uid => !records.ContainsKey(uid)))
        {
            // RFC 2180 §4.1.2, RFC 5530: some messages went away under another session; the rest were sent.
            await session.TaggedAsync(fetch.Tag, ImapStatus.No, ResponseCode.ExpungeIssued, "Some of the requested messages were expunged by another session.");
            return;
        }

        await session.OkAsync(fetch.Tag, $"{fetch.Name} completed.");
    }

    /// <summary>
    /// <c>* VANISHED (EARLIER) uids</c>: the UIDs of the set expunged after CHANGEDSINCE (RFC 7162 §3.2.6), those this
    /// session's view still numbers left out (their EXPUNGE is still to come).
    /// </summary>
    private static async Task VanishedAsync(IImapContext session, SelectedMailbox view, FetchCommand fetch)
    {
        var changes = await session.Front.Mailboxes.GetChangesAsync(view.Folder.Id, fetch.ChangedSince!.Value, session.Front.Stopping);
        var largest = Math.Max(view.Count == 0 ? 0 : view.Uids[^1], changes.Expunged.Count == 0 ? 0 : changes.Expunged.Max());
        var ranges = fetch.Set.Resolve(largest);
        var vanished = changes.Expunged.Where(uid => view.SequenceOf(uid) == 0 && ranges.Any(r => uid >= r.First && uid <= r.Last)).Order().ToList();
        if (vanished.Count > 0)
        {
            await session.WriteAsync($"* VANISHED (EARLIER) {ImapValues.ToUidSet(vanished)}\r\n");
        }
    }

    /// <summary>BODY[] and BODY.PEEK[] (with or without a partial): the stored bytes as they are, no views needed.</summary>
    private static bool WholeMessage(FetchSection section) => section.Part.Count == 0 && section.Text == SectionText.All;

    /// <summary>The BINARY items' contents, read and decoded before the message's FETCH line starts (a failure is then a clean NO).</summary>
    private static async Task<Dictionary<FetchBinary, byte[]?>> LoadBinariesAsync(IImapContext session, List<FetchItem> items, MessageRecord record, MessageViews? views)
    {
        var contents = new Dictionary<FetchBinary, byte[]?>();
        foreach (var binary in items.OfType<FetchBinary>())
        {
            contents[binary] = await BinaryContent.LoadAsync(session, record, views, binary);
        }

        return contents;
    }

    private static async Task WriteItemAsync(FetchResponse response, FetchItem item, MessageRecord record, MessageViews? views, bool recent, Dictionary<FetchBinary, byte[]?> binaries)
    {
        var output = response.Output;
        var whole = new SectionSource(0, record.Size, false);
        switch (item)
        {
            case FetchAttribute { Name: FetchAttributeName.Uid }:
                output.Raw("UID ").Number(record.Uid);
                break;
            case FetchAttribute { Name: FetchAttributeName.Flags }:
                output.Raw("FLAGS ").Raw(ImapFlags.Format(record.Flags, recent));
                break;
            case FetchAttribute { Name: FetchAttributeName.ModSeq }:
                output.Raw("MODSEQ (").Number((long)record.ModSeq).Raw(")");
                break;
            case FetchAttribute { Name: FetchAttributeName.InternalDate }:
                output.Raw("INTERNALDATE ").Raw(ImapValues.InternalDate(record.InternalDate));
                break;
            case FetchAttribute { Name: FetchAttributeName.Rfc822Size }:
                output.Raw("RFC822.SIZE ").Number(record.Size);
                break;
            case FetchAttribute { Name: FetchAttributeName.Envelope }:
                output.Raw("ENVELOPE ").Raw(views!.Envelope.Span);
                break;
            case FetchAttribute { Name: FetchAttributeName.Body }:
                output.Raw("BODY ").Raw(views!.Body.Span);
                break;
            case FetchAttribute { Name: FetchAttributeName.BodyStructure }:
                output.Raw("BODYSTRUCTURE ").Raw(views!.BodyStructure.Span);
                break;
            case FetchAttribute { Name: FetchAttributeName.Rfc822 }:
                output.Raw("RFC822 ");
                await response.RangeAsync(record.BlobId, whole);
                break;
            case FetchAttribute { Name: FetchAttributeName.Rfc822Header }:
                output.Raw("RFC822.HEADER ");
                await response.RangeAsync(record.BlobId, SectionSource.Locate(views!.Root, record.Size, new BodySection([], SectionKind.Header))!.Value);
                break;
            case FetchAttribute { Name: FetchAttributeName.Rfc822Text }:
                output.Raw("RFC822.TEXT ");
                await response.RangeAsync(record.BlobId, SectionSource.Locate(views!.Root, record.Size, new BodySection([], SectionKind.Text))!.Value);
                break;
            case FetchSection section:
                var body = new BodySection(section.Part, Kind(section.Text), section.Fields);
                output.Raw(section.ResponseName).Space();
                if ((WholeMessage(section) ? whole : SectionSource.Locate(views!.Root, record.Size, body)) is not { } source)
                {
                    // A part that does not exist reads as empty (RFC 9051 §6.4.5 allows NIL; empty suits old clients).
                    output.Raw("\"\"");
                    break;
                }

                await response.SectionAsync(record.BlobId, source, body, section.PartialStart, section.PartialLength);
                break;
            case FetchBinary { SizeOnly: true } binary:
                output.Raw(binary.ResponseName).Space().Number(binaries[binary]?.Length ?? 0);
                break;
            case FetchBinary binary:
                output.Raw(binary.ResponseName).Space();
                var content = binaries[binary] ?? [];
                response.BinaryLiteral(binary.PartialStart is { } start ? SectionReader.Partial(content, start, binary.PartialLength!.Value).Span : content);
                break;
        }
    }

    private static SectionKind Kind(SectionText text) => text switch
    {
        SectionText.Header => SectionKind.Header,
        SectionText.HeaderFields => SectionKind.HeaderFields,
        SectionText.HeaderFieldsNot => SectionKind.HeaderFieldsNot,
        SectionText.Text => SectionKind.Text,
        SectionText.Mime => SectionKind.Mime,
        _ => SectionKind.Whole,
    };
}
