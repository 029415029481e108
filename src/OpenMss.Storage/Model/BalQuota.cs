namespace OpenMss.Storage.Model;

/// <summary>
/// A BAL's own quota limits (RFC 9208 STORAGE in octets, MESSAGE in messages), set by an administrator; a null
/// limit is the operator's default for it, and 0 means no limit.
/// </summary>
public sealed record BalQuota(long? StorageBytes, long? Messages)
{
    public static readonly BalQuota Default = new(null, null);
}

/// <summary>What a BAL holds now, over all its folders: the octets and the number of its messages.</summary>
public sealed record BalUsage(long Bytes, long Messages);
