namespace OpenMss.Storage.Model;

/// <summary>
/// What changed in a folder after a modseq: messages added or re-flagged (current state) and UIDs expunged.
/// A session turns these into untagged EXISTS, FETCH and EXPUNGE.
/// </summary>
public sealed record FolderChanges(ulong HighestModSeq, IReadOnlyList<MessageRecord> Changed, IReadOnlyList<uint> Expunged);
