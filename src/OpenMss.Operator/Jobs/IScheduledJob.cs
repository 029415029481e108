namespace OpenMss.Operator.Jobs;

/// <summary>A job run once per period (a day, a month) on exactly one node.</summary>
public interface IScheduledJob
{
    string Name { get; }

    /// <summary>The period due at <paramref name="now"/> ("2026-11-30", "2026-11"); periods sort as strings.</summary>
    string DuePeriod(DateTimeOffset now);

    Task RunAsync(string period, DateTimeOffset now, CancellationToken cancellationToken);
}
