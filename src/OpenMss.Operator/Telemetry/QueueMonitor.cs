using Microsoft.Extensions.Hosting;
using OpenMss.Storage;

namespace OpenMss.Operator.Telemetry;

/// <summary>Reads the queue's backlog every <see cref="Interval"/> for the gauges, so a scrape never waits on the store.</summary>
public sealed class QueueMonitor(IMailStore store, TimeProvider clock) : BackgroundService
{
    private (long Pending, DateTimeOffset? Oldest) _last;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    public (long Pending, double OldestAgeSeconds) Snapshot()
    {
        var last = _last;
        return (last.Pending, last.Oldest is { } oldest ? Math.Max(0, (clock.GetUtcNow() - oldest).TotalSeconds) : 0);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var backlog = await store.Queue.GetBacklogAsync(cancellationToken);
        _last = (backlog.Pending, backlog.OldestCreated);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store's health check reports an unreachable store; the gauges keep their last values.
            }

            await Task.Delay(Interval, clock, stoppingToken);
        }
    }
}
