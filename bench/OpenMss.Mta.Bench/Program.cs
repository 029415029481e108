using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenMss.Storage;
using OpenMss.TestSupport;

// Usage: dotnet run -c Release --project bench/OpenMss.Mta.Bench [-- --messages N --clients N --size BYTES --store sqlite|postgres --out FILE]
// Two operators as serve processes on this machine (A on 127.0.0.1, B on 127.0.0.2), 20 KB messages fsynced at both
// ends. Two phases with the same clients: to a BAL at A (the submission rate), then to a BAL at B (submission at A
// to stored at B). The ratio of the two is the figure: 1 means every submitted message leaves as fast as it arrives.
var messages = Arg("--messages", 2000);
var clients = Arg("--clients", 16);
var size = Arg("--size", 20_000);
var backend = ArgText("--store") ?? "sqlite";

await using var operators = await TwoOperators.CreateAsync();
TestPostgres? database = null;
if (backend == "postgres")
{
    database = await TestPostgres.CreateAsync();
    operators.StoreArguments[TwoOperators.A] = ["--store", database.ConnectionString];
}

operators.Settings.Clear();
operators.Settings.Add($"--Submission:Limits:MaxConnectionsPerAddress={clients + 10}");
operators.Settings.Add($"--Mta:Limits:MaxConnectionsPerAddress={clients + 10}");
foreach (var extra in args.Where(a => a.StartsWith("--Mta:", StringComparison.Ordinal)))
{
    operators.Settings.Add(extra);
}
await operators.StartAsync(TwoOperators.B);
await operators.StartAsync(TwoOperators.A);

await RunAsync(TwoOperators.A, 100, "warm-up");
var local = await RunAsync(TwoOperators.A, messages, "local");
var across = await RunAsync(TwoOperators.B, messages, "across");

var results = new Dictionary<string, object>
{
    ["store"] = backend,
    ["messages"] = messages,
    ["clients"] = clients,
    ["size"] = size,
    ["localSubmission"] = local,
    ["acrossTrustSpace"] = across,
    ["endToEndOverLocalSubmission"] = Math.Round(across.EndToEndPerSecond / local.EndToEndPerSecond, 3),
};
var json = JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true });
Console.WriteLine(json);
if (ArgText("--out") is { } output)
{
    await File.WriteAllTextAsync(output, json);
}

if (database is not null)
{
    await database.DisposeAsync();
}

// Submits `count` messages from dpi@A with `clients` connections to jean.dupont@<target>, then waits until every one
// is in that INBOX: the submission rate (all 250s) and the end-to-end rate (all stored at the target).
async Task<Phase> RunAsync(OpenMss.Sandbox.SandboxOperator target, int count, string label)
{
    await using var store = await operators.OpenStoreAsync(target);
    var bal = await store.Directory.FindBalAsync($"jean.dupont@{target.Domain}", default);
    var inbox = (await store.Mailboxes.FindFolderAsync(bal!.Id, "INBOX", default))!.Id;
    var before = (await store.Mailboxes.GetStatusAsync(inbox, default)).Messages;
    var connections = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => operators.SubmissionClientAsync(TwoOperators.A)));
    var latencies = new List<double>();
    var clock = Stopwatch.StartNew();
    var next = 0;
    await Task.WhenAll(connections.Select(client => Task.Run(async () =>
    {
        while (Interlocked.Increment(ref next) <= count)
        {
            var started = clock.Elapsed;
            await TwoOperators.SubmitAsync(client, TwoOperators.A, [$"jean.dupont@{target.Domain}"], label, bodyBytes: size);
            lock (latencies)
            {
                latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            }
        }
    })));
    var submitted = clock.Elapsed;
    while ((await store.Mailboxes.GetStatusAsync(inbox, default)).Messages - before < count)
    {
        await Task.Delay(20);
    }

    var stored = clock.Elapsed;
    foreach (var connection in connections)
    {
        await connection.DisconnectAsync(true);
        connection.Dispose();
    }

    latencies.Sort();
    var phase = new Phase(
        Math.Round(count / submitted.TotalSeconds, 1),
        Math.Round(count / stored.TotalSeconds, 1),
        Math.Round((stored - submitted).TotalMilliseconds),
        Math.Round(latencies[latencies.Count / 2], 1),
        Math.Round(latencies[(int)(latencies.Count * 0.99)], 1));
    Console.Error.WriteLine($"{label}: {phase}");
    return phase;
}

int Arg(string name, int fallback) => ArgText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? ArgText(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

/// <param name="SubmittedPerSecond">Messages acknowledged (250) by A per second.</param>
/// <param name="EndToEndPerSecond">Messages stored in the target INBOX per second, from the first submission.</param>
/// <param name="DrainMilliseconds">How long after the last 250 the last message was stored.</param>
internal sealed record Phase(double SubmittedPerSecond, double EndToEndPerSecond, double DrainMilliseconds, double SubmitP50Milliseconds, double SubmitP99Milliseconds);
