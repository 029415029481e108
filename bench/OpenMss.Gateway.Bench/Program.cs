// The intermediate server under load, in one process on loopback: the PSC sandbox, the gateway (embedded store), and
// the load client. Prints token requests per second and latency with N paired installations, then the time from a
// PSC logout to the installation's token source told (median and worst of M). Arguments: [installations] [seconds] [clients].
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using OpenMss.Gateway;
using OpenMss.Lps.Gateway;
using OpenMss.Lps.Trust;
using OpenMss.Psc.Sandbox;
using OpenMss.Storage.Sqlite;
using OpenMss.TestSupport;

var installations = args.Length > 0 ? int.Parse(args[0]) : 1000;
var seconds = args.Length > 1 ? int.Parse(args[1]) : 10;
var clients = args.Length > 2 ? int.Parse(args[2]) : 32;
const string ClientId = "openmss-gateway";
const string Secret = "bench-gateway-secret";

var port = Repository.FreePort();
var roots = new X509Certificate2Collection();
roots.ImportFromPemFile(RunningSandbox.Pki.TrustAnchor);
await using var psc = await RunningSandbox.StartAsync(settings => settings with
{
    Directory = SandboxDirectory.Defaults with
    {
        Clients = [.. SandboxDirectory.Defaults.Clients, new TestClient { ClientId = ClientId, Secret = Secret, Ciba = true, BackchannelLogoutUri = $"https://127.0.0.1:{port}/backchannel-logout" }],
    },
    BackchannelRoots = roots,
    Lifetimes = settings.Lifetimes with { CibaInterval = TimeSpan.FromMilliseconds(200) },
});
using var directory = new TempDirectory();
await using var store = await SqliteMailStore.OpenAsync(directory.Combine("store"), default);
var (certificate, chain) = RunningSandbox.Pki.LoadServer();
var options = new GatewayOptions
{
    Issuer = psc.Sandbox.Issuer, ClientId = ClientId, ClientSecret = Secret, PublicUrl = $"https://127.0.0.1:{port}", TrustedCa = RunningSandbox.Pki.TrustAnchor,
    RequestsPerSecond = 1000, EndPollInterval = TimeSpan.FromMilliseconds(200),
};
await using var app = GatewayHost.Build(options, new GatewayListener(new IPEndPoint(IPAddress.Loopback, port), certificate, chain, directory.Combine("keys")), store, TimeProvider.System);
await app.StartAsync();
var trust = new MssTrustOptions();
trust.AddRootsFromPem(RunningSandbox.Pki.TrustAnchor);
using var sdk = new MssGateway(new Uri($"https://127.0.0.1:{port}/"), trust);

// Pairing: every installation by CIBA, an approver answering for the professionals.
var watch = Stopwatch.StartNew();
using var approving = new CancellationTokenSource();
var approver = Task.Run(async () =>
{
    while (!approving.IsCancellationRequested)
    {
        using var state = await psc.Client.StateAsync();
        foreach (var pending in state.RootElement.GetProperty("pendingCiba").EnumerateArray())
        {
            await psc.Client.DecideAsync(pending.GetProperty("authReqId").GetString()!, approve: true);
        }

        await Task.Delay(50);
    }
});
var sessions = new MssGatewaySession[installations];
using (var pairingSlots = new SemaphoreSlim(50))
{
    await Task.WhenAll(Enumerable.Range(0, installations).Select(async i =>
    {
        await pairingSlots.WaitAsync();
        try
        {
            sessions[i] = await sdk.PairWithCibaAsync($"poste-{i}", i % 2 == 0 ? "810001234567" : "810002345678");
        }
        finally
        {
            pairingSlots.Release();
        }
    }));
}

await approving.CancelAsync();
await approver.ContinueWith(_ => { });
Console.WriteLine($"paired {installations} installations in {watch.Elapsed.TotalSeconds:F1} s");

// Token requests: each client asks for a random installation's token, as SDKs do when a session opens.
var handler = OpenMss.Net.TrustAnchors.HttpHandler(RunningSandbox.Pki.TrustAnchor);
handler.MaxConnectionsPerServer = clients;
using var http = new HttpClient(handler);
async Task<(long Count, long Errors, List<double> Latencies)> LoadAsync(int seed, DateTime until)
{
    var random = new Random(seed);
    var latencies = new List<double>();
    long count = 0, errors = 0;
    while (DateTime.UtcNow < until)
    {
        var session = sessions[random.Next(sessions.Length)];
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://127.0.0.1:{port}/token"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Handle);
        request.Headers.Add(MssGateway.InstallationHeader, session.Installation);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        count++;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            errors++;
        }
    }

    return (count, errors, latencies);
}

await Task.WhenAll(Enumerable.Range(0, clients).Select(i => LoadAsync(i, DateTime.UtcNow.AddSeconds(2)))); // warm-up
var process = Process.GetCurrentProcess();
var cpuBefore = process.TotalProcessorTime;
watch.Restart();
var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(i => LoadAsync(100 + i, DateTime.UtcNow.AddSeconds(seconds))));
var elapsed = watch.Elapsed.TotalSeconds;
process.Refresh();
var all = results.SelectMany(r => r.Latencies).Order().ToList();
double Percentile(double p) => all[Math.Min(all.Count - 1, (int)(p * all.Count))];
Console.WriteLine($"token requests: {results.Sum(r => r.Count) / elapsed:F0}/s over {elapsed:F1} s with {clients} concurrent clients, {results.Sum(r => r.Errors)} not 200; " +
    $"latency p50 {Percentile(0.50):F2} ms, p99 {Percentile(0.99):F2} ms, max {all[^1]:F1} ms; process CPU {(process.TotalProcessorTime - cpuBefore).TotalSeconds / elapsed * 100:F0} % of one core (client included)");

// PSC logout → installation told: M sessions listening, each logged out at PSC in turn.
var told = new List<double>();
using (var state = await psc.Client.StateAsync())
{
    var live = state.RootElement.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("sessionState").GetString()!).ToList();
    var stored = await store.GatewaySessions.ListLiveAsync(installations, default);
    foreach (var session in sessions.Take(20))
    {
        using var source = sdk.TokenSource(session);
        await source.Listening.WaitAsync(TimeSpan.FromSeconds(10));
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SessionEnded += (_, _) => ended.TrySetResult();
        var sid = stored.Single(s => s.Installation == session.Installation).PscSession!;
        var started = Stopwatch.GetTimestamp();
        await psc.Client.EndSessionAsync(sid);
        await ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
        told.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}

told.Sort();
Console.WriteLine($"PSC logout → installation told: median {told[told.Count / 2]:F0} ms, worst {told[^1]:F0} ms over {told.Count} logouts");
await app.StopAsync();
