namespace OpenMss.Storage.Model;

/// <summary>Counts of a folder, as IMAP STATUS and SELECT report them.</summary>
/// <param name="DeletedSize">Octets of the messages flagged \Deleted: what EXPUNGE would free (RFC 9208 DELETED-STORAGE).</param>
/// <param name="Recent">Messages recent for no session yet: above the folder's recent floor (RFC 3501 §2.3.2).</param>
public sealed record FolderStatus(
    uint Messages,
    uint Unseen,
    uint Deleted,
    long Size,
    uint UidNext,
    uint UidValidity,
    ulong HighestModSeq,
    uint Recent = 0,
    long DeletedSize = 0);
