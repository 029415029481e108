using OpenMss.Imap.Protocol.Commands;
using OpenMss.Mime;
using OpenMss.Mime.Headers;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server;

/// <summary>What of a message's bytes a search must read: none (the stored record is enough), its header block, or all.</summary>
internal enum SearchContent
{
    None,
    Header,
    Whole,
}

/// <summary>
/// One message as SEARCH sees it: number, record, and what a key needed of its bytes: the header fields alone, or
/// the whole message parsed.
/// </summary>
internal sealed record SearchCandidate(int Sequence, MessageRecord Record, HeaderList? HeaderFields, MimeMessage? Content, bool Recent = false)
{
    public HeaderList Headers => HeaderFields ?? Content?.Headers ?? throw new InvalidOperationException("This search needs the message's header.");

    public MimeMessage Message => Content ?? throw new InvalidOperationException("This search needs the whole message.");
}

/// <summary>
/// RFC 3501 §6.4.4 search keys over a message: flags, sizes, dates (internal, and the Date header for SENT*),
/// headers decoded from RFC 2047, body text decoded from its transfer encoding and charset; substring matches are
/// case-insensitive. RECENT, NEW and OLD read the session's \Recent (RFC 3501 §2.3.2).
/// </summary>
internal static class SearchEvaluator
{
    /// <summary>
    /// Header keys read the header block only: an LPS that looks a message up by <c>HEADER Message-ID</c> in a folder
    /// of large attachments must not read the attachments. BODY and TEXT read the whole message.
    /// </summary>
    public static SearchContent Needs(SearchKey key) =>
        key.Kind switch
        {
            "BODY" or "TEXT" => SearchContent.Whole,
            "BCC" or "CC" or "FROM" or "SUBJECT" or "TO" or "HEADER" or "SENTBEFORE" or "SENTON" or "SENTSINCE" => SearchContent.Header,
            _ => key.Operands.Select(Needs).DefaultIfEmpty(SearchContent.None).Max(),
        };

    public static bool Matches(SearchKey key, SearchCandidate candidate, uint largestUid, uint count)
    {
        var flags = candidate.Record.Flags;
        return key.Kind switch
        {
            "AND" => key.Operands.All(k => Matches(k, candidate, largestUid, count)),
            "OR" => Matches(key.Operands[0], candidate, largestUid, count) || Matches(key.Operands[1], candidate, largestUid, count),
            "NOT" => !Matches(key.Operands[0], candidate, largestUid, count),
            "SET" => key.Set!.Contains((uint)candidate.Sequence, count),
            "UID" => key.Set!.Contains(candidate.Record.Uid, largestUid),
            "MODSEQ" => candidate.Record.ModSeq >= (ulong)key.Number!.Value, // RFC 7162 §3.1.5: greater than or equal
            "ALL" => true,
            "RECENT" => candidate.Recent,
            "NEW" => candidate.Recent && !flags.Has(MessageFlags.Seen),
            "OLD" => !candidate.Recent,
            "ANSWERED" => flags.Has(MessageFlags.Answered),
            "DELETED" => flags.Has(MessageFlags.Deleted),
            "DRAFT" => flags.Has(MessageFlags.Draft),
            "FLAGGED" => flags.Has(MessageFlags.Flagged),
            "SEEN" => flags.Has(MessageFlags.Seen),
            "UNANSWERED" => !flags.Has(MessageFlags.Answered),
            "UNDELETED" => !flags.Has(MessageFlags.Deleted),
            "UNDRAFT" => !flags.Has(MessageFlags.Draft),
            "UNFLAGGED" => !flags.Has(MessageFlags.Flagged),
            "UNSEEN" => !flags.Has(MessageFlags.Seen),
            "KEYWORD" => flags.Keywords.Contains(key.Text!, StringComparer.OrdinalIgnoreCase),
            "UNKEYWORD" => !flags.Keywords.Contains(key.Text!, StringComparer.OrdinalIgnoreCase),
            "LARGER" => candidate.Record.Size > key.Number,
            "SMALLER" => candidate.Record.Size < key.Number,
            "BEFORE" => Day(candidate.Record.InternalDate) < key.Date,
            "ON" => Day(candidate.Record.InternalDate) == key.Date,
            "SINCE" => Day(candidate.Record.InternalDate) >= key.Date,
            "SENTBEFORE" => SentDay(candidate) is { } d1 && d1 < key.Date,
            "SENTON" => SentDay(candidate) is { } d2 && d2 == key.Date,
            "SENTSINCE" => SentDay(candidate) is { } d3 && d3 >= key.Date,
            "FROM" or "TO" or "CC" or "BCC" => HeaderContains(candidate.Headers, key.Kind, key.Text!) || AddressContains(candidate.Headers, key.Kind, key.Text!),
            "SUBJECT" => HeaderContains(candidate.Headers, key.Kind, key.Text!),
            "HEADER" => HeaderContains(candidate.Headers, key.Field!, key.Text!),
            "BODY" => BodyContains(candidate.Message, key.Text!),
            "TEXT" => candidate.Message.Headers.Any(h => Contains(h.Text, key.Text!)) || BodyContains(candidate.Message, key.Text!),
            _ => false,
        };
    }

    private static DateOnly Day(DateTimeOffset date) => DateOnly.FromDateTime(date.DateTime);

    private static DateOnly? SentDay(SearchCandidate candidate) =>
        DateParser.Parse(candidate.Headers["Date"]?.Unfolded) is { } sent ? DateOnly.FromDateTime(sent.DateTime) : null;

    /// <summary>HEADER field "" matches every message that has the field (RFC 3501 §6.4.4).</summary>
    private static bool HeaderContains(HeaderList headers, string name, string text) =>
        headers.All(name).Any(h => text.Length == 0 || Contains(h.Text, text));

    /// <summary>
    /// The addresses of a field as ENVELOPE gives them (name, local-part@domain), so that a search for
    /// "user@domain.org" finds <c>&lt;user (comment)@ (comment) domain.org&gt;</c> (comments and spacing are not the address).
    /// </summary>
    private static bool AddressContains(HeaderList headers, string name, string text) =>
        headers.All(name).Any(h => AddressParser.Parse(h.Unfolded).Any(a =>
            a.Kind == AddressKind.Mailbox && (Contains($"{a.LocalPart}@{a.Domain}", text) || a.Name is { } display && Contains(display, text))));

    private static bool BodyContains(MimeMessage message, string text) =>
        message.Root.Walk().Where(e => !e.IsMultipart && e.Message is null && e.ContentType.Type.Equals("text", StringComparison.OrdinalIgnoreCase))
            .Take(100)
            .Any(e => Contains(e.DecodeText(), text));

    private static bool Contains(string haystack, string needle) => haystack.Contains(needle, StringComparison.OrdinalIgnoreCase);
}
