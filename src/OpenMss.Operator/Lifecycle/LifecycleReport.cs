namespace OpenMss.Operator.Lifecycle;

/// <summary>What a lifecycle run found due and what it did.</summary>
public sealed record LifecycleReport(DateTimeOffset At, bool DryRun, long BalsScanned, IReadOnlyList<LifecycleAction> Actions);
