namespace OpenMss.Lps;

/// <summary>
/// Where reading of a BAL's INBOX stopped: the folder's UIDVALIDITY and the highest UID already handled. Keep it
/// between runs; when the operator changes UIDVALIDITY (RFC 3501 §2.3.1.1) the old UIDs mean nothing and listing
/// starts again from the beginning.
/// </summary>
public sealed record MssCursor(uint UidValidity, uint LastUid)
{
    /// <summary>Before anything was read.</summary>
    public static MssCursor Start { get; } = new(0, 0);
}

/// <summary>A message waiting in the INBOX.</summary>
public sealed record MssMessageSummary(uint Uid, string? MessageId, string? From, string? Subject, DateTimeOffset? Date, long Size);

/// <summary>The new messages since a cursor, the cursor to keep for next time, and whether UIDVALIDITY changed (so some may have been seen before).</summary>
public sealed record MssNewMessages(IReadOnlyList<MssMessageSummary> Messages, MssCursor Next, bool UidValidityChanged);
