namespace OpenMss.Storage.Model;

/// <summary>
/// Outcome of a flag change: the messages changed, and those left alone because they were modified after the
/// modseq the caller read (RFC 7162 UNCHANGEDSINCE).
/// </summary>
public sealed record StoreFlagsResult(IReadOnlyList<FlagUpdate> Updated, IReadOnlyList<uint> Conflicts);
