namespace OpenMss.Storage.Model;

/// <summary>A scheduled job as the store keeps it: who holds it now and the last period it completed (e.g. "2026-11").</summary>
public sealed record JobState(string Name, string? Holder, DateTimeOffset? LeaseUntil, string? LastPeriod, DateTimeOffset? LastCompleted);
