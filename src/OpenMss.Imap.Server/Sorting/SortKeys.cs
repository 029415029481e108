using OpenMss.Imap.Protocol.Commands;
using OpenMss.Mime.Headers;

namespace OpenMss.Imap.Server.Sorting;

/// <summary>
/// One message's values for the sort keys of RFC 5256 §3: text keys already folded for i;unicode-casemap, the sent
/// date in UTC (the internal date when the Date field is missing or unreadable).
/// </summary>
internal sealed record SortKeys(int Sequence, uint Uid, long Size, DateTimeOffset Arrival, DateTimeOffset Sent, string Subject, string From, string To, string Cc)
{
    public static SortKeys Of(SearchCandidate candidate, HeaderList? headers)
    {
        var record = candidate.Record;
        var sent = DateParser.Parse(headers?["Date"]?.Unfolded) ?? record.InternalDate;
        return new SortKeys(
            candidate.Sequence,
            record.Uid,
            record.Size,
            record.InternalDate,
            sent.ToUniversalTime(),
            headers is null ? "" : UnicodeCasemap.Key(BaseSubject.Of(headers["Subject"]?.Text)),
            FirstMailbox(headers, "From"),
            FirstMailbox(headers, "To"),
            FirstMailbox(headers, "Cc"));
    }

    /// <summary>Whether a sort needs the header fields, not only the stored record.</summary>
    public static bool NeedHeaders(IEnumerable<SortCriterion> order) =>
        order.Any(c => c.Key is not (SortBy.Arrival or SortBy.Size));

    /// <summary>Criteria in turn, then the sequence number (RFC 5256 §3: the final tie-breaker).</summary>
    public static Comparison<SortKeys> Comparer(IReadOnlyList<SortCriterion> order) => (x, y) =>
    {
        foreach (var criterion in order)
        {
            var result = criterion.Key switch
            {
                SortBy.Arrival => x.Arrival.CompareTo(y.Arrival),
                SortBy.Date => x.Sent.CompareTo(y.Sent),
                SortBy.Size => x.Size.CompareTo(y.Size),
                SortBy.Subject => UnicodeCasemap.Compare(x.Subject, y.Subject),
                SortBy.From => UnicodeCasemap.Compare(x.From, y.From),
                SortBy.To => UnicodeCasemap.Compare(x.To, y.To),
                SortBy.Cc => UnicodeCasemap.Compare(x.Cc, y.Cc),
                _ => 0,
            };
            if (result != 0)
            {
                return criterion.Reverse ? -result : result;
            }
        }

        return x.Sequence.CompareTo(y.Sequence);
    };

    /// <summary>The addr-mailbox (local part) of the field's first address, "" when it has none (RFC 5256 §3).</summary>
    private static string FirstMailbox(HeaderList? headers, string name) =>
        headers?[name] is { } field && AddressParser.Parse(field.Unfolded).FirstOrDefault(a => a.Kind == AddressKind.Mailbox)?.LocalPart is { } local
            ? UnicodeCasemap.Key(local)
            : "";
}
