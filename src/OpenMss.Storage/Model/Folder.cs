namespace OpenMss.Storage.Model;

/// <summary>An IMAP mailbox of a BAL as stored.</summary>
public sealed record Folder(
    long Id,
    long BalId,
    string Name,
    uint UidValidity,
    uint UidNext,
    ulong HighestModSeq,
    SpecialUse SpecialUse,
    bool Subscribed)
{
    /// <summary>The one hierarchy delimiter of folder names.</summary>
    public const char HierarchyDelimiter = '/';
}
