namespace OpenMss.Storage;

/// <summary>
/// What <see cref="IMailStore.CheckAsync"/> found: problems (the store breaks one of its own rules: a message
/// without its bytes, bytes that do not hash to their name, a UID at or above UIDNEXT...) and notes (harmless
/// leftovers, such as the file of an append interrupted before its commit).
/// </summary>
public sealed record StoreCheck(StoreCheckCounts Counts, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes)
{
    public bool IsSound => Problems.Count == 0;
}

/// <summary>How much the check looked at.</summary>
public sealed record StoreCheckCounts(long Bals, long Folders, long Messages, long Blobs);
