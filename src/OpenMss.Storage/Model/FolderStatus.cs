namespace OpenMss.Storage.Model;

/// <summary>Counts of a folder, as IMAP STATUS and SELECT report them.</summary>
public sealed record FolderStatus(
    uint Messages,
    uint Unseen,
    uint Deleted,
    long Size,
    uint UidNext,
    uint UidValidity,
    ulong HighestModSeq);
