using System.Collections.Concurrent;
using System.Diagnostics;

namespace OpenMss.Load.Scenarios;

/// <summary>
/// imap-idle: opens N sessions (connect, STARTTLS, authenticate, SELECT, IDLE), <c>--clients</c> at a time, holds
/// them all until the duration ends, then ends them with DONE and LOGOUT. The latency is the opening of one session.
/// With the server's pid, the resident memory before opening (after a warm-up) and while holding gives the memory
/// per idle session.
/// </summary>
internal static class ImapIdle
{
    private const int WarmUpSessions = 20;

    public static async Task<IdleFigures> RunAsync(LoadSettings settings, string mailbox, int sessions, TimeSpan settle, ServerSampler? server, Recorder recorder, Budget budget, CancellationToken cancellationToken)
    {
        // Warm the server up (JIT, pools, caches) so the baseline is not charged to the sessions.
        var warm = new ConcurrentBag<(ImapLoadClient Client, string Tag)>();
        await OpenAsync(WarmUpSessions, warm, new Recorder());
        await CloseAsync(warm);
        await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
        var before = server?.ResidentBytes();

        var held = new ConcurrentBag<(ImapLoadClient Client, string Tag)>();
        await OpenAsync(sessions, held, recorder);
        await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
        var holding = server?.ResidentBytes();
        await budget.WaitAsync();
        recorder.Stop();
        await CloseAsync(held);
        await Task.Delay(settle, CancellationToken.None); // the server's GC and pools get their chance to give memory back
        var after = server?.ResidentBytes();

        double? Mib(long? bytes) => bytes is { } b ? Math.Round(b / 1048576.0, 1) : null;
        double? perSession = before is { } b0 && holding is { } b1 && !held.IsEmpty ? Math.Round((b1 - b0) / 1024.0 / held.Count, 1) : null;
        return new IdleFigures(held.Count, Mib(before), Mib(holding), perSession, Mib(after));

        async Task OpenAsync(int count, ConcurrentBag<(ImapLoadClient, string)> into, Recorder record)
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(_ => Task.Run(async () =>
            {
                var latencies = record.Worker();
                while (Interlocked.Increment(ref next) < count && !cancellationToken.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    ImapLoadClient? client = null;
                    try
                    {
                        client = await ImapLoadClient.ConnectAsync(settings.Server, settings.TlsName, settings.Credentials, settings.Timeout, cancellationToken);
                        await client.AuthenticateAsync(settings.Credentials, cancellationToken);
                        await client.SelectAsync(mailbox, cancellationToken);
                        var tag = await client.IdleAsync(cancellationToken);
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        into.Add((client, tag));
                    }
                    catch (LoadException e)
                    {
                        record.Failure(e);
                        if (client is not null)
                        {
                            await client.DisposeAsync();
                        }
                    }
                }
            }, cancellationToken)));
        }

        async Task CloseAsync(ConcurrentBag<(ImapLoadClient Client, string Tag)> sessionsToClose)
        {
            using var limit = new SemaphoreSlim(Math.Max(1, settings.Clients));
            await Task.WhenAll(sessionsToClose.Select(async session =>
            {
                await limit.WaitAsync(CancellationToken.None);
                try
                {
                    await session.Client.DoneAsync(session.Tag, CancellationToken.None);
                    await session.Client.EndAsync(CancellationToken.None);
                }
                catch (LoadException e)
                {
                    recorder.Failure(e);
                }
                finally
                {
                    await session.Client.DisposeAsync();
                    limit.Release();
                }
            }));
        }
    }
}
