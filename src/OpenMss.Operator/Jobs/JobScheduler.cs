using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenMss.Storage;

namespace OpenMss.Operator.Jobs;

/// <summary>
/// Runs each scheduled job once per period. With several nodes on one PostgreSQL store every node ticks, and the
/// store's job lease lets exactly one of them run a job at a time (DESIGN.md §4); the period it completed is
/// recorded, so no other node runs it again. A failed run gives its lease back and is tried at a later tick.
/// </summary>
public sealed partial class JobScheduler(IJobStore store, IReadOnlyList<IScheduledJob> jobs, string node, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>How often due jobs are looked for.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Longer than any run: a node that dies mid-run holds the job this long.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A node name unique among the processes sharing a store.</summary>
    public static string NodeName() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Runs what is due now; returns the (job, period) pairs this node ran.</summary>
    public async Task<IReadOnlyList<(string Job, string Period)>> RunDueAsync(CancellationToken cancellationToken)
    {
        var ran = new List<(string, string)>();
        foreach (var job in jobs)
        {
            var now = clock.GetUtcNow();
            var period = job.DuePeriod(now);
            var state = await store.FindAsync(job.Name, cancellationToken);
            if (state?.LastPeriod is { } last && string.CompareOrdinal(last, period) >= 0)
            {
                continue;
            }

            if (!await store.TryLeaseAsync(job.Name, node, now, now + Lease, cancellationToken))
            {
                continue;
            }

            // Read again under the lease: another node may have completed the period between the two reads.
            if ((await store.FindAsync(job.Name, cancellationToken))?.LastPeriod is { } done && string.CompareOrdinal(done, period) >= 0)
            {
                await store.ReleaseAsync(job.Name, node, cancellationToken);
                continue;
            }

            try
            {
                LogStarting(job.Name, period, node);
                await job.RunAsync(period, now, cancellationToken);
                await store.CompleteAsync(job.Name, node, period, clock.GetUtcNow(), cancellationToken);
                LogCompleted(job.Name, period);
                ran.Add((job.Name, period));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(job.Name, period, e.GetType().Name, e.Message);
                await store.ReleaseAsync(job.Name, node, CancellationToken.None);
            }
        }

        return ran;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store may be briefly unreachable: the next tick tries again.
                LogFailed("*", "*", e.GetType().Name, e.Message);
            }

            await Task.Delay(Tick, clock, stoppingToken);
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Job {Job} for {Period} starting on node {Node}")]
    private partial void LogStarting(string job, string period, string node);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Job {Job} for {Period} completed")]
    private partial void LogCompleted(string job, string period);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Job {Job} for {Period} failed ({Error}: {Detail}); it will be tried again")]
    private partial void LogFailed(string job, string period, string error, string detail);
}
