namespace OpenMss.Storage.Model;

/// <summary>A mail domain this operator hosts BALs on.</summary>
public sealed record OperatorDomain(string Name, DateTimeOffset Created);
