using Microsoft.Extensions.Hosting;
using OpenMss.Storage;

namespace OpenMss.Gateway;

/// <summary>
/// Tells the installations listening on this node that their session ended, whichever node ended it: ends decided
/// here are announced at once, and the store is read every <see cref="GatewayOptions.EndPollInterval"/> for the others'.
/// </summary>
public sealed class SessionEndings(IGatewaySessionStore store, GatewayOptions options, TimeProvider clock) : BackgroundService
{
    private readonly Dictionary<string, (TaskCompletionSource<string> Ended, int Listeners)> _listening = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Completes with the reason once <paramref name="sessionId"/> ends; the caller checks the store after subscribing, and forgets when it stops listening.</summary>
    public Task<string> EndedAsync(string sessionId)
    {
        lock (_gate)
        {
            var entry = _listening.TryGetValue(sessionId, out var known) ? known : (Ended: new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously), Listeners: 0);
            _listening[sessionId] = (entry.Ended, entry.Listeners + 1);
            return entry.Ended.Task;
        }
    }

    /// <summary>One listener of a session went away (its session may live on); the last one takes the entry with it.</summary>
    public void Forget(string sessionId)
    {
        lock (_gate)
        {
            if (_listening.TryGetValue(sessionId, out var entry))
            {
                if (entry.Listeners <= 1)
                {
                    _listening.Remove(sessionId);
                }
                else
                {
                    _listening[sessionId] = (entry.Ended, entry.Listeners - 1);
                }
            }
        }
    }

    public void Announce(string sessionId, string reason)
    {
        TaskCompletionSource<string>? ended = null;
        lock (_gate)
        {
            if (_listening.Remove(sessionId, out var entry))
            {
                ended = entry.Ended;
            }
        }

        ended?.TrySetResult(reason);
    }

    private bool AnyoneListening
    {
        get
        {
            lock (_gate)
            {
                return _listening.Count > 0;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var since = clock.GetUtcNow();
        using var timer = new PeriodicTimer(options.EndPollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!AnyoneListening)
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
