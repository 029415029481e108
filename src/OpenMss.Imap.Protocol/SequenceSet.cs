using System.Globalization;

namespace OpenMss.Imap.Protocol;

/// <summary>
/// sequence-set (RFC 3501 §9, RFC 9051 §9): numbers and ranges separated by commas, "*" for the largest number in
/// use. Kept as written; <see cref="Resolve"/> turns it into ranges once "*" is known. Bounded in ranges.
/// </summary>
public sealed class SequenceSet
{
    public const int MaxRanges = 1000;
    /// <summary>0 is not a valid nz-number, so it stands for "*".</summary>
    private const uint Star = 0;

    private SequenceSet(IReadOnlyList<(uint First, uint Last)> ranges)
    {
        Ranges = ranges;
    }

    /// <summary>Ranges as written, "*" as 0; a range may be written backwards (3:1).</summary>
    public IReadOnlyList<(uint First, uint Last)> Ranges { get; }

    public static SequenceSet? Parse(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var ranges = new List<(uint, uint)>();
        foreach (var part in text.Split(','))
        {
            if (ranges.Count == MaxRanges)
            {
                return null;
            }

            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                if (Number(part) is not { } single)
                {
                    return null;
                }

                ranges.Add((single, single));
                continue;
            }

            if (Number(part[..colon]) is not { } first || Number(part[(colon + 1)..]) is not { } last)
            {
                return null;
            }

            ranges.Add((first, last));
        }

        return new SequenceSet(ranges);
    }

    /// <summary>
    /// The set as ascending, merged ranges, with "*" meaning <paramref name="largest"/> (RFC 9051 §9: "*" is the
    /// largest number in use; in an empty mailbox it matches nothing). Values above <paramref name="largest"/> stay,
    /// so that UID sets can name UIDs not (or no longer) present.
    /// </summary>
    public IReadOnlyList<(uint First, uint Last)> Resolve(uint largest)
    {
        var resolved = new List<(uint First, uint Last)>();
        foreach (var (first, last) in Ranges)
        {
            if (largest == 0 && (first == Star || last == Star))
            {
                continue;
            }

            var a = first == Star ? largest : first;
            var b = last == Star ? largest : last;
            resolved.Add(a <= b ? (a, b) : (b, a));
        }

        resolved.Sort();
        var merged = new List<(uint First, uint Last)>();
        foreach (var range in resolved)
        {
            if (merged.Count > 0 && range.First <= (ulong)merged[^1].Last + 1)
            {
                merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, range.Last));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    /// <summary>Whether the set names <paramref name="number"/>; no sorting or merging (SEARCH asks once per message).</summary>
    public bool Contains(uint number, uint largest)
    {
        foreach (var (first, last) in Ranges)
        {
            if (largest == 0 && (first == Star || last == Star))
            {
                continue;
            }

            var a = first == Star ? largest : first;
            var b = last == Star ? largest : last;
            if (number >= Math.Min(a, b) && number <= Math.Max(a, b))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => string.Join(',', Ranges.Select(r => r.First == r.Last ? Show(r.First) : $"{Show(r.First)}:{Show(r.Last)}"));

    private static string Show(uint n) => n == Star ? "*" : n.ToString(CultureInfo.InvariantCulture);

    /// <summary>seq-number = nz-number / "*".</summary>
    private static uint? Number(string text) =>
        text == "*" ? Star
        : text.Length is > 0 and <= 10 && text[0] != '0' && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : null;
}
