namespace OpenMss.Storage.Model;

/// <summary>A change notice: something in the folder changed up to <see cref="ModSeq"/> (0 when it was deleted).</summary>
public readonly record struct FolderChange(long FolderId, ulong ModSeq);
