using OpenMss.Operator.Indicators;

namespace OpenMss.Operator.Jobs;

/// <summary>The monthly indicator files: the past month's, from the 1st at 02:00 UTC, into the configured directory.</summary>
public sealed class IndicatorSchedule(IndicatorExport export, string directory) : IScheduledJob
{
    /// <summary>Leaves time for the month's last submissions to commit before it is read.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromHours(2);

    public string Name => "indicators-export";

    public string DuePeriod(DateTimeOffset now) => ExportPeriod.MonthBefore(now - Settle).Label;

    public Task RunAsync(string period, DateTimeOffset now, CancellationToken cancellationToken) =>
        export.ExportAsync(ExportPeriod.ParseMonth(period), directory, cancellationToken);
}
