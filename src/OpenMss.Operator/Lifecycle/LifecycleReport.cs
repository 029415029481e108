namespace OpenMss.Operator.Lifecycle;

/// <summary>What a lifecycle run found due and what it did.</summary>
public sealed record LifecycleReport(DateTimeOffset At, bool DryRun, long BalsScanned, IReadOnlyList<LifecycleAction> Actions)
{
    public int Count(LifecycleStep step, bool applied = true) => Actions.Count(a => a.Step == step && a.Applied == applied);
}
