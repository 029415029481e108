using System.Diagnostics;

namespace OpenMss.Load.Scenarios;

/// <summary>
/// auth: connect and STARTTLS (not timed), authenticate (timed: the latency is the AUTH/AUTHENTICATE round trip
/// alone), log out; the rate is whole cycles per second.
/// </summary>
internal static class AuthCycle
{
    public static async Task RunAsync(LoadSettings settings, bool smtp, Recorder recorder, Budget budget, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(_ => Task.Run(WorkerAsync, cancellationToken)));

        async Task WorkerAsync()
        {
            var latencies = recorder.Worker();
            while (budget.TryTake())
            {
                try
                {
                    await using ILoadClient client = smtp
                        ? await SmtpLoadClient.ConnectAsync(settings.Server, settings.TlsName, settings.Credentials, settings.Timeout, cancellationToken)
                        : await ImapLoadClient.ConnectAsync(settings.Server, settings.TlsName, settings.Credentials, settings.Timeout, cancellationToken);
                    var response = await settings.Credentials.InitialResponseAsync(cancellationToken);
                    var started = Stopwatch.GetTimestamp();
                    await client.AuthenticateAsync(settings.Credentials.Mechanism, response, cancellationToken);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    await client.EndAsync(cancellationToken);
                }
                catch (LoadException e)
                {
                    recorder.Failure(e);
                }
            }
        }
    }
}
