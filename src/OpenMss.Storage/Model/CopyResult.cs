namespace OpenMss.Storage.Model;

/// <summary>What a committed copy or move assigned in the target folder: what IMAP COPYUID reports.</summary>
public sealed record CopyResult(uint TargetUidValidity, IReadOnlyList<UidMapping> Mappings);
