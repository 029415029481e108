using System.Globalization;
using OpenMss.Operator.Lifecycle;

namespace OpenMss.Operator.Jobs;

/// <summary>The BAL lifecycle, daily from <see cref="LifecycleOptions.DailyHour"/> UTC.</summary>
public sealed class LifecycleSchedule(LifecycleJob job, LifecycleOptions options) : IScheduledJob
{
    public string Name => "lifecycle";

    public string DuePeriod(DateTimeOffset now) => now.UtcDateTime.AddHours(-options.DailyHour).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public Task RunAsync(string period, DateTimeOffset now, CancellationToken cancellationToken) => job.RunAsync(now, dryRun: false, cancellationToken);
}
