namespace OpenMss.Storage.Model;

/// <summary>A page of BALs, and how many BALs the query matched in all.</summary>
public sealed record BalPage(IReadOnlyList<Bal> Bals, int Total);
