using System.Diagnostics;
using System.Globalization;

namespace OpenMss.Load.Scenarios;

/// <summary>
/// imap-read: one cycle is what a mail client does to check a mailbox: connect, STARTTLS, authenticate, SELECT,
/// FETCH flags and sizes of every message, FETCH one whole message, LOGOUT. The latency is the whole cycle.
/// </summary>
internal static class ImapRead
{
    public static async Task RunAsync(LoadSettings settings, string mailbox, Recorder recorder, Budget budget, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(_ => Task.Run(WorkerAsync, cancellationToken)));

        async Task WorkerAsync()
        {
            var latencies = recorder.Worker();
            while (budget.TryTake())
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await using var imap = await ImapLoadClient.ConnectAsync(settings.Server, settings.TlsName, settings.Credentials, settings.Timeout, cancellationToken);
                    await imap.AuthenticateAsync(settings.Credentials, cancellationToken);
                    var exists = await imap.SelectAsync(mailbox, cancellationToken);
                    if (exists > 0)
                    {
                        await imap.ExecuteAsync("FETCH 1:* (FLAGS RFC822.SIZE)", cancellationToken);
                        var one = Random.Shared.Next(1, exists + 1).ToString(CultureInfo.InvariantCulture);
                        await imap.ExecuteAsync($"FETCH {one} BODY.PEEK[]", cancellationToken);
                    }

                    await imap.EndAsync(cancellationToken);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (LoadException e)
                {
                    recorder.Failure(e);
                }
            }
        }
    }
}
