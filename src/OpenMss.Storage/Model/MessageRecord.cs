namespace OpenMss.Storage.Model;

/// <summary>A message in a folder as stored; its bytes are the blob named by <see cref="BlobId"/>.</summary>
public sealed record MessageRecord(
    uint Uid,
    ulong ModSeq,
    FlagSet Flags,
    DateTimeOffset InternalDate,
    long Size,
    string BlobId);
