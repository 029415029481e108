namespace OpenMss.Storage.Model;

/// <summary>
/// The flags of a message: system flags plus keywords. Keywords are IMAP atoms, compared without case,
/// kept in their first spelling and sorted, so that equal sets compare equal and store identically.
/// </summary>
public sealed class FlagSet : IEquatable<FlagSet>
{
    /// <summary>Bounds what one message may carry; beyond them the store refuses the change.</summary>
    public const int MaxKeywords = 64;
    public const int MaxKeywordLength = 128;

    public static readonly FlagSet Empty = new(MessageFlags.None, []);

    private FlagSet(MessageFlags system, string[] keywords)
    {
        System = system;
        Keywords = keywords;
    }

    public MessageFlags System { get; }

    public IReadOnlyList<string> Keywords { get; }

    public static FlagSet Create(MessageFlags system, IEnumerable<string>? keywords = null)
    {
        var distinct = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var keyword in keywords ?? [])
        {
            if (!IsValidKeyword(keyword))
            {
                throw new StoreException(StoreError.Invalid, $"'{keyword}' is not a valid IMAP keyword.");
            }

            distinct.Add(keyword);
        }

        if (distinct.Count > MaxKeywords)
        {
            throw new StoreException(StoreError.Invalid, $"A message carries at most {MaxKeywords} keywords.");
        }

        return new FlagSet(system, [.. distinct]);
    }

    /// <summary>Reads the stored form written by <see cref="KeywordsText"/>.</summary>
    public static FlagSet FromStored(long system, string keywords) =>
        new((MessageFlags)system, keywords.Length == 0 ? [] : keywords.Split(' '));

    /// <summary>Keywords as stored: space separated (a space can never be part of an atom).</summary>
    public string KeywordsText => string.Join(' ', Keywords);

    public bool Has(MessageFlags flag) => (System & flag) == flag;

    public FlagSet Apply(FlagChangeMode mode, FlagSet change) => mode switch
    {
        FlagChangeMode.Replace => change,
        FlagChangeMode.Add => Create(System | change.System, Keywords.Concat(change.Keywords)),
        FlagChangeMode.Remove => Create(
            System & ~change.System,
            Keywords.Where(k => !change.Keywords.Contains(k, StringComparer.OrdinalIgnoreCase))),
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>RFC 3501 flag-keyword = atom: no controls, spaces or atom-specials, and not a system flag.</summary>
    public static bool IsValidKeyword(string keyword)
    {
        if (string.IsNullOrEmpty(keyword) || keyword.Length > MaxKeywordLength)
        {
            return false;
        }

        foreach (var c in keyword)
        {
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\]".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public bool Equals(FlagSet? other) =>
        other is not null && other.System == System &&
        Keywords.SequenceEqual(other.Keywords, StringComparer.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => Equals(obj as FlagSet);

    public override int GetHashCode() => HashCode.Combine(System, Keywords.Count);

    public override string ToString() => $"{System} [{KeywordsText}]";
}
