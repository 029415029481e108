using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OpenMss.Load.Scenarios;

/// <summary>
/// smtp-submit: each client authenticates once, then sends messages of the given size in a loop. A client whose
/// connection fails records why and connects again, so a run survives a server restart (the crash harness relies
/// on it). With an acknowledgement log, the Message-ID of every message answered 250 is appended to it.
/// </summary>
internal static class SmtpSubmit
{
    public static async Task RunAsync(LoadSettings settings, string to, int size, string? ackedFile, Recorder recorder, Budget budget, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..12];
        using var acked = ackedFile is null ? null : new StreamWriter(ackedFile, append: true) { AutoFlush = true };
        var workers = Enumerable.Range(0, settings.Clients).Select(client => Task.Run(() => WorkerAsync(client), cancellationToken));
        await Task.WhenAll(workers);

        async Task WorkerAsync(int client)
        {
            var latencies = recorder.Worker();
            var sequence = 0;
            while (budget.Active)
            {
                try
                {
                    await using var smtp = await SmtpLoadClient.ConnectAsync(settings.Server, settings.TlsName, settings.Credentials, settings.Timeout, cancellationToken);
                    await smtp.AuthenticateAsync(settings.Credentials, cancellationToken);
                    while (budget.TryTake())
                    {
                        var messageId = $"{run}.{client}.{sequence++}@load.openmss.test";
                        var message = Build(settings.Credentials.User, to, messageId, size);
                        var started = Stopwatch.GetTimestamp();
                        await smtp.SendAsync(settings.Credentials.User, to, message, cancellationToken);
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        if (acked is not null)
                        {
                            lock (acked)
                            {
                                acked.WriteLine($"<{messageId}>");
                            }
                        }
                    }

                    await smtp.EndAsync(cancellationToken);
                }
                catch (LoadException e)
                {
                    recorder.Failure(e);
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        }
    }

    /// <summary>A plain message of about <paramref name="size"/> bytes with its own Message-ID, dot-stuffing never needed.</summary>
    internal static byte[] Build(string from, string to, string messageId, int size)
    {
        var text = new StringBuilder(size + 128);
        text.Append(CultureInfo.InvariantCulture, $"From: <{from}>\r\nTo: <{to}>\r\nSubject: load {messageId}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Date: {DateTimeOffset.UtcNow:ddd, dd MMM yyyy HH:mm:ss} +0000\r\nMessage-ID: <{messageId}>\r\n");
        text.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        const string line = "Compte rendu de consultation, ligne de texte pour remplir le message a la taille voulue.\r\n";
        while (text.Length + line.Length <= size)
        {
            text.Append(line);
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
