namespace OpenMss.Storage.Model;

/// <summary>What the MTA knows of one destination domain (seed 000 #10): null where it never happened.</summary>
/// <param name="FailingSince">The first failure since the last success; null while the domain is reachable.</param>
public sealed record DomainStatus(string Domain, DateTimeOffset? LastSuccess, DateTimeOffset? LastFailure, string? LastError, DateTimeOffset? FailingSince);
