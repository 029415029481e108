using Microsoft.Extensions.Hosting;

namespace OpenMss.Gateway;

/// <summary>Runs <see cref="GatewaySessions.KeepAliveAsync"/> every minute (on each node: the refresh lease keeps it to one refresh per session).</summary>
public sealed class SessionKeepAlive(GatewaySessions sessions, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await sessions.KeepAliveAsync(stoppingToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
            {
                // The store is away for a moment: the next minute tries again.
            }
        }
    }
}
