using OpenMss.Storage.Model;

namespace OpenMss.Operator.Lifecycle;

public enum LifecycleStep
{
    /// <summary>Withdrawn from the Annuaire; the BAL keeps working (spec §6.3, S001 #11).</summary>
    Unpublish,
    /// <summary>The holder is told the BAL will be deleted.</summary>
    DeletionNotice,
    /// <summary>The BAL and its mail are removed.</summary>
    Delete,
}

/// <summary>One step due for a BAL, with what it is judged on.</summary>
/// <param name="DeletionDate">When the BAL will be (or is) deleted.</param>
/// <param name="NoticeDays">For a notice, which one (days before deletion).</param>
public sealed record LifecycleAction(BalActivity Bal, LifecycleStep Step, DateTimeOffset LastActivity, DateTimeOffset DeletionDate, int? NoticeDays = null)
{
    /// <summary>Whether it was applied (false in a dry run, or when the BAL authenticated in between).</summary>
    public bool Applied { get; init; }
}
