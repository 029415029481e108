namespace OpenMss.Operator.Lifecycle;

/// <summary>
/// The BAL lifecycle (section <c>Lifecycle</c>; spec §6.3, §13 #11): a PER, ORG or CAB BAL without an end-user
/// authentication for <see cref="UnpublishAfterDays"/> is withdrawn from the Annuaire (MSS 19), and deleted after
/// <see cref="DeleteAfterDays"/> (MSS 14), its holder told before by each of <see cref="DeletionNoticeDays"/>.
/// </summary>
public sealed record LifecycleOptions
{
    public int UnpublishAfterDays { get; init; } = 90;

    public int DeleteAfterDays { get; init; } = 365;

    /// <summary>
    /// Notices before deletion, in days ahead (default 30 and 7); the deletion waits until the last one has had its
    /// time. Null rather than a default array: the configuration binder appends to an array it finds filled.
    /// </summary>
    public int[]? DeletionNoticeDays { get; init; }

    public IReadOnlyList<int> Notices => DeletionNoticeDays ?? [30, 7];

    /// <summary>Who also gets every notice (the operator's support, or a structure's contact); none when empty.</summary>
    public string? ContactAddress { get; init; }

    /// <summary>The From of notices; postmaster of the BAL's domain when empty.</summary>
    public string? NoticeSender { get; init; }

    /// <summary>Hour of the day (UTC) from which the daily run is due.</summary>
    public int DailyHour { get; init; } = 3;

    /// <exception cref="ArgumentException">A duration out of order, e.g. deletion before dépublication.</exception>
    public LifecycleOptions Checked()
    {
        if (UnpublishAfterDays < 1 || DeleteAfterDays <= UnpublishAfterDays)
        {
            throw new ArgumentException($"Lifecycle: UnpublishAfterDays ({UnpublishAfterDays}) must be at least 1 and below DeleteAfterDays ({DeleteAfterDays}).");
        }

        if (Notices.Any(d => d < 1 || d >= DeleteAfterDays))
        {
            throw new ArgumentException($"Lifecycle: every DeletionNoticeDays must lie between 1 and DeleteAfterDays ({DeleteAfterDays}) - 1.");
        }

        if (DailyHour is < 0 or > 23)
        {
            throw new ArgumentException($"Lifecycle: DailyHour ({DailyHour}) is an hour of the day, 0 to 23.");
        }

        return this;
    }
}
