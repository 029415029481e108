namespace OpenMss.Lps;

/// <summary>
/// Where reading of a BAL's INBOX stopped: the folder's UIDVALIDITY and the highest UID already handled. Keep it
/// between runs; when the operator changes UIDVALIDITY (RFC 3501 §2.3.1.1) the old UIDs mean nothing and listing
/// starts again from the beginning. Where the operator offers CONDSTORE (RFC 7162), the cursor also keeps the
/// INBOX's HIGHESTMODSEQ once everything up to it was listed: a later listing that finds it unchanged on SELECT
/// asks nothing more.
/// </summary>
/// <param name="UidValidity">The INBOX's UIDVALIDITY when it was read; 0 before anything was.</param>
/// <param name="LastUid">The highest UID already listed.</param>
/// <param name="HighestModSeq">The INBOX's HIGHESTMODSEQ when everything was listed; 0 when unknown.</param>
public sealed record MssCursor(uint UidValidity, uint LastUid, ulong HighestModSeq = 0)
{
    /// <summary>Before anything was read.</summary>
    public static MssCursor Start { get; } = new(0, 0);
}

/// <summary>A message waiting in the INBOX.</summary>
public sealed record MssMessageSummary(uint Uid, string? MessageId, string? From, string? Subject, DateTimeOffset? Date, long Size);

/// <summary>The new messages since a cursor, the cursor to keep for next time, and whether UIDVALIDITY changed (so some may have been seen before).</summary>
public sealed record MssNewMessages(IReadOnlyList<MssMessageSummary> Messages, MssCursor Next, bool UidValidityChanged);
