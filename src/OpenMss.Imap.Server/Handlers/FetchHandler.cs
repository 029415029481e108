using System.Buffers;
using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Mime;
using OpenMss.Mime.Imap;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// FETCH and UID FETCH (RFC 3501 §6.4.5): flags, dates, sizes, ENVELOPE and BODYSTRUCTURE from the MIME engine, and
/// body sections served by slicing the stored bytes. BODY[...] (not PEEK), RFC822 and RFC822.TEXT set \Seen on a
/// read-write mailbox, and the new flags are part of the answer.
/// </summary>
internal static class FetchHandler
{
    private static readonly HashSet<string> NeedsContent = ["ENVELOPE", "BODY", "BODYSTRUCTURE", "RFC822", "RFC822.HEADER", "RFC822.TEXT"];

    public static async Task HandleAsync(IImapContext session, FetchCommand fetch)
    {
        var view = session.Selected!;
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
        if (fetch.Uid && !items.Any(i => i is FetchAttribute { Name: "UID" }))
        {
            items.Insert(0, new FetchAttribute("UID"));
        }

        var needsContent = items.Any(i => i is FetchSection || i is FetchAttribute a && NeedsContent.Contains(a.Name));
        var marksSeen = !view.ReadOnly && items.Any(i => i is FetchSection { Peek: false } || i is FetchAttribute { Name: "RFC822" or "RFC822.TEXT" });
        var records = uids.Count == 0 ? [] : (await session.Front.Mailboxes.FetchAsync(view.Folder.Id, ImapValues.ToUidSet(uids), session.Front.Stopping)).ToDictionary(m => m.Uid);
        var seenNow = new HashSet<uint>();
        if (marksSeen)
        {
            var unseen = records.Values.Where(m => !m.Flags.Has(MessageFlags.Seen)).Select(m => m.Uid).ToList();
            if (unseen.Count > 0)
            {
                var result = await session.Front.Mailboxes.StoreFlagsAsync(view.Folder.Id, ImapValues.ToUidSet(unseen), FlagChangeMode.Add, FlagSet.Create(MessageFlags.Seen), null, session.Front.Stopping);
                foreach (var update in result.Updated)
                {
                    records[update.Uid] = records[update.Uid] with { Flags = update.Flags };
                    seenNow.Add(update.Uid);
                }
            }
        }

        var output = new ImapOutput();
        foreach (var uid in uids)
        {
            if (!records.TryGetValue(uid, out var record))
            {
                continue; // expunged by another session meanwhile: its number stays until the EXPUNGE may be sent
            }

            view.Remember(uid, record.Flags);
            MimeMessage? message = null;
            if (needsContent)
            {
                message = await StoredMessages.LoadAsync(session, record.BlobId, record.Size);
            }

            output.Clear();
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
                flagsWritten |= item is FetchAttribute { Name: "FLAGS" };
                WriteItem(output, item, record, message);
            }

            if (seenNow.Contains(uid) && !flagsWritten)
            {
                output.Raw($" FLAGS {ImapFlags.Format(record.Flags)}");
            }

            output.Raw(")\r\n");
            session.Connection.Output.Write(output.WrittenSpan);
            await session.Connection.Output.FlushAsync();
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

    private static void WriteItem(ImapOutput output, FetchItem item, MessageRecord record, MimeMessage? message)
    {
        switch (item)
        {
            case FetchAttribute { Name: "UID" }:
                output.Raw("UID ").Number(record.Uid);
                break;
            case FetchAttribute { Name: "FLAGS" }:
                output.Raw("FLAGS ").Raw(ImapFlags.Format(record.Flags));
                break;
            case FetchAttribute { Name: "INTERNALDATE" }:
                output.Raw("INTERNALDATE ").Raw(ImapValues.InternalDate(record.InternalDate));
                break;
            case FetchAttribute { Name: "RFC822.SIZE" }:
                output.Raw("RFC822.SIZE ").Number(record.Size);
                break;
            case FetchAttribute { Name: "ENVELOPE" }:
                output.Raw("ENVELOPE ");
                EnvelopeWriter.Write(output, message!.Headers);
                break;
            case FetchAttribute { Name: "BODY" }:
                output.Raw("BODY ");
                BodyStructureWriter.Write(output, message!.Root, extensible: false);
                break;
            case FetchAttribute { Name: "BODYSTRUCTURE" }:
                output.Raw("BODYSTRUCTURE ");
                BodyStructureWriter.Write(output, message!.Root, extensible: true);
                break;
            case FetchAttribute { Name: "RFC822" }:
                Literal(output.Raw("RFC822 "), message!.Bytes);
                break;
            case FetchAttribute { Name: "RFC822.HEADER" }:
                Literal(output.Raw("RFC822.HEADER "), SectionReader.Read(message!, new BodySection([], SectionKind.Header)) ?? ReadOnlyMemory<byte>.Empty);
                break;
            case FetchAttribute { Name: "RFC822.TEXT" }:
                Literal(output.Raw("RFC822.TEXT "), SectionReader.Read(message!, new BodySection([], SectionKind.Text)) ?? ReadOnlyMemory<byte>.Empty);
                break;
            case FetchSection section:
                var kind = section.Text switch
                {
                    SectionText.Header => SectionKind.Header,
                    SectionText.HeaderFields => SectionKind.HeaderFields,
                    SectionText.HeaderFieldsNot => SectionKind.HeaderFieldsNot,
                    SectionText.Text => SectionKind.Text,
                    SectionText.Mime => SectionKind.Mime,
                    _ => SectionKind.Whole,
                };
                var bytes = SectionReader.Read(message!, new BodySection(section.Part, kind, section.Fields));
                output.Raw(section.ResponseName).Space();
                if (bytes is null)
                {
                    // A part that does not exist reads as empty (RFC 9051 §6.4.5 allows NIL; empty suits old clients).
                    output.Raw("\"\"");
                    break;
                }

                var slice = section.PartialStart is { } start ? SectionReader.Partial(bytes.Value, start, section.PartialLength!.Value) : bytes.Value;
                Literal(output, slice);
                break;
        }
    }

    private static void Literal(ImapOutput output, ReadOnlyMemory<byte> bytes) =>
        output.Raw("{").Number(bytes.Length).Raw("}\r\n").Raw(bytes.Span);
}
