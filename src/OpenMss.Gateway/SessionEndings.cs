using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using OpenMss.Storage;

namespace OpenMss.Gateway;

/// <summary>
/// Tells the installations listening on this node that their session ended, whichever node ended it: ends decided
/// here are announced at once, and the store is read every <see cref="GatewayOptions.EndPollInterval"/> for the others'.
/// </summary>
public sealed class SessionEndings(IGatewaySessionStore store, GatewayOptions options, TimeProvider clock) : BackgroundService
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _listening = new(StringComparer.Ordinal);

    /// <summary>Completes with the reason once <paramref name="sessionId"/> ends; the caller checks the store after subscribing.</summary>
    public Task<string> EndedAsync(string sessionId) =>
        _listening.GetOrAdd(sessionId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Forgets a listener that went away (its session may live on).</summary>
    public void Forget(string sessionId)
    {
        if (_listening.TryGetValue(sessionId, out var waiter) && !waiter.Task.IsCompleted)
        {
            _listening.TryRemove(sessionId, out _);
        }
    }

    public void Announce(string sessionId, string reason)
    {
        if (_listening.TryRemove(sessionId, out var waiter))
        {
            waiter.TrySetResult(reason);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var since = clock.GetUtcNow();
        using var timer = new PeriodicTimer(options.EndPollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (_listening.IsEmpty)
            {
                since = clock.GetUtcNow();
                continue;
            }

            try
            {
                // A little overlap: two nodes' clocks and a commit in flight must not hide an end.
                foreach (var ended in await store.ListEndedSinceAsync(since - TimeSpan.FromSeconds(2), stoppingToken))
                {
                    Announce(ended.Id, ended.EndReason ?? "ended");
                    since = ended.EndedAt!.Value > since ? ended.EndedAt.Value : since;
                }
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
            {
                // The store is away for a moment: the next tick asks again.
            }
        }
    }
}
