namespace OpenMss.Storage.Model;

/// <summary>A set of UIDs as ranges, the storage form of an IMAP UID set.</summary>
public sealed class UidSet
{
    public static readonly UidSet All = new([new UidRange(1, uint.MaxValue)]);

    public UidSet(IReadOnlyList<UidRange> ranges)
    {
        Ranges = [.. ranges.Select(r => r.First <= r.Last ? r : new UidRange(r.Last, r.First))];
    }

    public IReadOnlyList<UidRange> Ranges { get; }

    public static UidSet Of(params uint[] uids) => new([.. uids.Select(u => new UidRange(u, u))]);

    public static UidSet Range(uint first, uint last) => new([new UidRange(first, last)]);

    public bool Contains(uint uid) => Ranges.Any(r => r.Contains(uid));

    public override string ToString() =>
        string.Join(',', Ranges.Select(r => r.First == r.Last ? $"{r.First}" : $"{r.First}:{(r.Last == uint.MaxValue ? "*" : r.Last)}"));
}
