using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OpenMss.Load.Scenarios;

/// <summary>
/// imap-resync: what an LPS pays to resynchronise a large folder. The folder (--mailbox, created when missing) is
/// filled to --messages small messages by APPEND; then, each on a fresh authenticated session and timed from the
/// first command to the last tagged OK: a full resync (SELECT, UID FETCH 1:* (FLAGS)), a QRESYNC resync of the
/// unchanged folder (one SELECT … (QRESYNC …)), and one after another session changed the flags of --changed
/// messages and expunged one; then ESEARCH (on flags, and on text as the webmail searches) and SORT over the
/// folder. Commands, bytes received and milliseconds, the median of --rounds rounds.
/// </summary>
internal static class ImapResync
{
    public static async Task<int> RunAsync(LoadSettings settings, string mailbox, int messages, int changed, int rounds, CancellationToken cancellationToken)
    {
        var fill = Stopwatch.StartNew();
        var appended = await FillAsync(settings, mailbox, messages, cancellationToken);
        fill.Stop();

        var figures = new Dictionary<string, Measure>();
        for (var round = 0; round < rounds; round++)
        {
            var (validity, modSeq) = await StateAsync(settings, mailbox, cancellationToken);
            Add(figures, "full FETCH 1:* (FLAGS)", await MeasureAsync(settings, [], [$"SELECT \"{mailbox}\"", "UID FETCH 1:* (FLAGS)"], cancellationToken));
            Add(figures, "QRESYNC, unchanged", await MeasureAsync(settings, ["ENABLE QRESYNC"], [$"SELECT \"{mailbox}\" (QRESYNC ({validity} {modSeq}))"], cancellationToken));
            await ChangeAsync(settings, mailbox, changed, round, cancellationToken);
            Add(figures, $"QRESYNC, {changed} flags changed and 1 expunged", await MeasureAsync(settings, ["ENABLE QRESYNC"], [$"SELECT \"{mailbox}\" (QRESYNC ({validity} {modSeq}))"], cancellationToken));
            Add(figures, "ESEARCH RETURN (COUNT) UNSEEN", await MeasureAsync(settings, [$"EXAMINE \"{mailbox}\""], ["UID SEARCH RETURN (COUNT) UNSEEN"], cancellationToken));
            Add(figures, "ESEARCH RETURN (ALL) FLAGGED", await MeasureAsync(settings, [$"EXAMINE \"{mailbox}\""], ["UID SEARCH RETURN (ALL) FLAGGED"], cancellationToken));
            // The webmail's search (the SDK's ListFolderAsync): subject, sender or text, here matching nothing, so every message is read.
            Add(figures, "ESEARCH RETURN (COUNT) OR SUBJECT OR FROM BODY", await MeasureAsync(settings, [$"EXAMINE \"{mailbox}\""], ["UID SEARCH RETURN (COUNT) OR SUBJECT \"zzabsent\" OR FROM \"zzabsent\" BODY \"zzabsent\""], cancellationToken));
            // An LPS finding a message by its Message-ID: a header key, so only header blocks are read.
            Add(figures, "ESEARCH RETURN (COUNT) HEADER Message-ID", await MeasureAsync(settings, [$"EXAMINE \"{mailbox}\""], ["UID SEARCH RETURN (COUNT) HEADER Message-ID \"<zzabsent@op.test>\""], cancellationToken));
            Add(figures, "SORT (REVERSE ARRIVAL) ALL", await MeasureAsync(settings, [$"EXAMINE \"{mailbox}\""], ["UID SORT (REVERSE ARRIVAL) UTF-8 ALL"], cancellationToken));
            Add(figures, "SORT (SUBJECT) ALL", await MeasureAsync(settings, [$"EXAMINE \"{mailbox}\""], ["UID SORT (SUBJECT) UTF-8 ALL"], cancellationToken));
            Add(figures, "SORT (REVERSE DATE) UNSEEN", await MeasureAsync(settings, [$"EXAMINE \"{mailbox}\""], ["UID SORT (REVERSE DATE) UTF-8 UNSEEN"], cancellationToken));
        }

        var rows = figures.Select(f => new
        {
            measure = f.Key,
            commands = f.Value.Commands,
            bytes = Median(f.Value.Bytes),
            milliseconds = Math.Round(Median(f.Value.Milliseconds), 2),
        }).ToList();
        Console.WriteLine(JsonSerializer.Serialize(new { scenario = "imap-resync", messages, appended, fillSeconds = Math.Round(fill.Elapsed.TotalSeconds, 1), rounds, figures = rows }));
        foreach (var row in rows)
        {
            await Console.Error.WriteLineAsync($"  {row.measure}: {row.commands} command(s), {row.bytes:N0} bytes, {row.milliseconds} ms");
        }

        await Console.Error.WriteLineAsync(string.Join("; ", rows.Select(r => $"{r.measure} {r.commands} cmd {r.bytes:N0} B {r.milliseconds} ms")) + $" ({messages} messages, median of {rounds})");
        return 0;
    }

    private sealed record Measure(int Commands, List<double> Bytes, List<double> Milliseconds);

    private static void Add(Dictionary<string, Measure> figures, string name, (int Commands, long Bytes, double Milliseconds) run)
    {
        if (!figures.TryGetValue(name, out var measure))
        {
            figures[name] = measure = new Measure(run.Commands, [], []);
        }

        measure.Bytes.Add(run.Bytes);
        measure.Milliseconds.Add(run.Milliseconds);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task<ImapLoadClient> SessionAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var imap = await ImapLoadClient.ConnectAsync(settings.Server, settings.TlsName, settings.Credentials, settings.Timeout, cancellationToken);
        await imap.AuthenticateAsync(settings.Credentials, cancellationToken);
        return imap;
    }

    /// <summary>On a fresh session, runs <paramref name="setup"/>, then <paramref name="commands"/> timed from the first sent to the last tagged OK.</summary>
    private static async Task<(int, long, double)> MeasureAsync(LoadSettings settings, string[] setup, string[] commands, CancellationToken cancellationToken)
    {
        await using var imap = await SessionAsync(settings, cancellationToken);
        foreach (var command in setup)
        {
            await imap.ExecuteAsync(command, cancellationToken);
        }

        long bytes = 0;
        var started = Stopwatch.GetTimestamp();
        foreach (var command in commands)
        {
            await imap.ExecuteAsync(command, cancellationToken, line => bytes += Encoding.UTF8.GetByteCount(line) + 2);
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await imap.EndAsync(cancellationToken);
        return (commands.Length, bytes, elapsed);
    }

    /// <summary>The folder's UIDVALIDITY and HIGHESTMODSEQ now (what a synchronised client would have kept).</summary>
    private static async Task<(uint, ulong)> StateAsync(LoadSettings settings, string mailbox, CancellationToken cancellationToken)
    {
        await using var imap = await SessionAsync(settings, cancellationToken);
        uint validity = 0;
        ulong modSeq = 0;
        await imap.ExecuteAsync($"SELECT \"{mailbox}\"", cancellationToken, line =>
        {
            validity = Code(line, "UIDVALIDITY") is { } v ? (uint)v : validity;
            modSeq = Code(line, "HIGHESTMODSEQ") ?? modSeq;
        });
        await imap.EndAsync(cancellationToken);
        return validity == 0 || modSeq == 0 ? throw new LoadException(ErrorKind.Rejected, "SELECT gave no UIDVALIDITY or HIGHESTMODSEQ") : (validity, modSeq);
    }

    private static ulong? Code(string line, string code)
    {
        var start = line.IndexOf($"[{code} ", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += code.Length + 2;
        return ulong.Parse(line.AsSpan(start, line.IndexOf(']', start) - start), CultureInfo.InvariantCulture);
    }

    /// <summary>Another LPS at work: a keyword new to each round set on <paramref name="count"/> messages spread over the folder, and one message expunged.</summary>
    private static async Task ChangeAsync(LoadSettings settings, string mailbox, int count, int round, CancellationToken cancellationToken)
    {
        await using var imap = await SessionAsync(settings, cancellationToken);
        var exists = await imap.SelectAsync(mailbox, cancellationToken);
        var step = Math.Max(1, exists / Math.Max(1, count));
        var numbers = Enumerable.Range(0, count).Select(i => 1 + (i * step % exists)).Distinct();
        await imap.ExecuteAsync($"STORE {string.Join(',', numbers)} +FLAGS.SILENT (\\Flagged $Lu{round})", cancellationToken);
        await imap.ExecuteAsync($"STORE {exists} +FLAGS.SILENT (\\Deleted)", cancellationToken);
        await imap.ExecuteAsync("EXPUNGE", cancellationToken);
        await imap.EndAsync(cancellationToken);
    }

    /// <summary>Creates the folder if needed and APPENDs small messages until it holds <paramref name="messages"/>, with --clients sessions.</summary>
    private static async Task<int> FillAsync(LoadSettings settings, string mailbox, int messages, CancellationToken cancellationToken)
    {
        int exists;
        await using (var imap = await SessionAsync(settings, cancellationToken))
        {
            try
            {
                await imap.ExecuteAsync($"CREATE \"{mailbox}\"", cancellationToken);
            }
            catch (LoadException)
            {
                // It exists already (a previous run): topped up below.
            }

            exists = await imap.SelectAsync(mailbox, cancellationToken);
            await imap.EndAsync(cancellationToken);
        }

        var missing = Math.Max(0, messages - exists);
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(_ => Task.Run(async () =>
        {
            await using var imap = await SessionAsync(settings, cancellationToken);
            int number;
            while ((number = Interlocked.Increment(ref next)) <= missing)
            {
                var message = $"From: load@op.test\r\nTo: {settings.Credentials.User}\r\nSubject: resync {number}\r\nMessage-ID: <resync-{number}-{Guid.NewGuid():N}@op.test>\r\n\r\nBonjour, message {number}.\r\n";
                var flags = number % 3 == 0 ? "()" : "(\\Seen)";
                await imap.ExecuteAsync($"APPEND \"{mailbox}\" {flags} {{{Encoding.ASCII.GetByteCount(message)}+}}\r\n{message}", cancellationToken);
            }

            await imap.EndAsync(cancellationToken);
        }, cancellationToken)));
        return missing;
    }
}
