using System.Collections.Concurrent;
using OpenMss.Smtp.Client;

namespace OpenMss.Operator.Mta;

/// <summary>
/// Open sessions to peers kept between rounds, per destination domain (Postfix's connection cache): a busy route
/// pays its TLS handshake once rather than per round. A session idle longer than the limit is closed; one taken
/// from the pool is checked with NOOP first, so a peer that hung up costs a reconnection, not a deferral.
/// </summary>
internal sealed class PeerConnectionPool(TimeSpan idleLimit, int perDomain, TimeProvider clock) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(SmtpClientSession Client, MxHost Host, DateTimeOffset Since)>> _idle = new(StringComparer.Ordinal);

    /// <summary>A live pooled session to <paramref name="domain"/>, or null.</summary>
    public async Task<(SmtpClientSession Client, MxHost Host)?> TakeAsync(string domain, CancellationToken cancellationToken)
    {
        if (!_idle.TryGetValue(domain, out var queue))
        {
            return null;
        }

        while (queue.TryDequeue(out var pooled))
        {
            if (clock.GetUtcNow() - pooled.Since <= idleLimit && pooled.Client.IsConnected)
            {
                try
                {
                    if (await pooled.Client.NoOpAsync(cancellationToken))
                    {
                        return (pooled.Client, pooled.Host);
                    }
                }
                catch (Exception e) when (e is IOException or SmtpClientException or ObjectDisposedException)
                {
                    // The peer closed it meanwhile: try the next one, or connect anew.
                }
            }

            await CloseAsync(pooled.Client);
        }

        return null;
    }

    /// <summary>Keeps a session for the next round, unless the domain already has enough idle ones.</summary>
    public async Task ReturnAsync(string domain, SmtpClientSession client, MxHost host)
    {
        var queue = _idle.GetOrAdd(domain, _ => new());
        if (!client.IsConnected || queue.Count >= perDomain)
        {
            await CloseAsync(client);
            return;
        }

        queue.Enqueue((client, host, clock.GetUtcNow()));
    }

    /// <summary>Closes the sessions idle past the limit.</summary>
    public async Task SweepAsync()
    {
        foreach (var queue in _idle.Values)
        {
            var count = queue.Count;
            for (var i = 0; i < count && queue.TryDequeue(out var pooled); i++)
            {
                if (clock.GetUtcNow() - pooled.Since <= idleLimit)
                {
                    queue.Enqueue(pooled);
                }
                else
                {
                    await CloseAsync(pooled.Client);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _idle.Values)
        {
            while (queue.TryDequeue(out var pooled))
            {
                await CloseAsync(pooled.Client);
            }
        }
    }

    private static async Task CloseAsync(SmtpClientSession client) => await client.DisposeAsync();
}
