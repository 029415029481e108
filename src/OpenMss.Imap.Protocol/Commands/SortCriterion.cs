namespace OpenMss.Imap.Protocol.Commands;

/// <summary>A SORT key (RFC 5256 §3).</summary>
public enum SortBy
{
    Arrival,
    Cc,
    Date,
    From,
    Size,
    Subject,
    To,
}

/// <summary>One sort criterion: a key, in reverse order when REVERSE preceded it.</summary>
public sealed record SortCriterion(SortBy Key, bool Reverse);
