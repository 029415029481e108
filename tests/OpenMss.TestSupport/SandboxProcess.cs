using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OpenMss.Net;
using OpenMss.Psc.Sandbox;
using OpenMss.Pki;

namespace OpenMss.TestSupport;

/// <summary>
/// <c>openmss sandbox</c> as a process (tests and benchmarks) on free ports, started through the ./openmss wrapper with optional
/// configuration in its environment (OPENMSS_Section__Key), and what a test needs from its sandbox.json: the CA, the
/// DNS server, the accounts, and a PSC client to obtain tokens, log out and switch failure modes.
/// </summary>
public sealed class SandboxProcess : IAsyncDisposable
{
    public const string Domain = "operateur-a.mssante.test";
    public const string Per = "jean.dupont@" + Domain;
    public const string Org = "secretariat@" + Domain;
    public const string App = "dpi@" + Domain;
    public const string PerHolder = "810001234567";
    public const string Colleague = "810002345678";

    private readonly Process _process;
    private readonly TempDirectory _directory;

    private SandboxProcess(Process process, TempDirectory directory, JsonDocument manifest, HttpClient http)
    {
        _process = process;
        _directory = directory;
        Manifest = manifest.RootElement.Clone();
        Http = http;
        Psc = PscSandboxClient.ForIssuer(http, Manifest.GetProperty("psc").GetProperty("issuer").GetString()!);
    }

    public JsonElement Manifest { get; }

    public string Data => _directory.Combine("sandbox");

    public string Ca => Manifest.GetProperty("ca").GetString()!;

    public IPEndPoint Dns => IPEndPoint.Parse(Manifest.GetProperty("dns").GetString()!);

    public HttpClient Http { get; }

    public PscSandboxClient Psc { get; }

    public static TestClient Lps => SandboxDirectory.Defaults.FindClient(SandboxDirectory.LpsClientId)!;

    public string AppCertificate => Manifest.GetProperty("accounts")[2].GetProperty("certificate").GetString()!;

    public string AppKey => Manifest.GetProperty("accounts")[2].GetProperty("key").GetString()!;

    /// <summary>Starts a sandbox; <paramref name="prepare"/> may put things in its data directory first (a store with more BALs).</summary>
    public static async Task<SandboxProcess> StartAsync(IDictionary<string, string>? configuration = null, Func<string, Task>? prepare = null)
    {
        var directory = new TempDirectory();
        if (prepare is not null)
        {
            await prepare(directory.Combine("sandbox"));
        }

        var portsBase = Repository.FreePortBase();
        var start = new ProcessStartInfo(Repository.Wrapper)
        {
            WorkingDirectory = directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "sandbox", "--data", directory.Combine("sandbox"), "--ports-base", portsBase.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in configuration ?? new Dictionary<string, string>())
        {
            start.Environment["OPENMSS_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        // Its warnings and errors (a server bug, a failed delivery) are kept for after the run: artifacts/test-results.
        var logs = Path.Combine(Repository.Root, "artifacts", "test-results", "sandbox-logs");
        Directory.CreateDirectory(logs);
        var log = Path.Combine(logs, $"sandbox-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{process.Id}.log");
        var copied = Task.WhenAll(CopyAsync(process.StandardError, log + ".err"), CopyAsync(process.StandardOutput, log));
        var manifest = directory.Combine("sandbox", "sandbox.json");
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (!File.Exists(manifest))
        {
            if (process.HasExited)
            {
                await copied;
                throw new InvalidOperationException($"the sandbox exited with {process.ExitCode}: {await File.ReadAllTextAsync(log + ".err")}");
            }

            if (DateTime.UtcNow > deadline)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("the sandbox did not start in time");
            }

            await Task.Delay(100);
        }

        var json = JsonDocument.Parse(await File.ReadAllTextAsync(manifest));
        var handler = TrustAnchors.HttpHandler(json.RootElement.GetProperty("ca").GetString()!);
        return new SandboxProcess(process, directory, json, new HttpClient(handler));
    }

    private static async Task CopyAsync(StreamReader output, string path)
    {
        await using var file = new StreamWriter(path) { AutoFlush = true };
        while (await output.ReadLineAsync() is { } line)
        {
            await file.WriteLineAsync(line);
        }
    }

    /// <summary>
    /// Waits for an entry of the PSC sandbox's state list <paramref name="list"/> (<c>pendingCiba</c>, <c>sessions</c>)
    /// that <paramref name="match"/> picks, and returns its <paramref name="key"/>.
    /// </summary>
    public async Task<string> WaitInPscStateAsync(string list, Func<JsonElement, bool> match, string key)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var state = await Psc.StateAsync();
            if (state.RootElement.GetProperty(list).EnumerateArray().Where(match).Select(e => e.GetProperty(key).GetString()).FirstOrDefault() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"nothing came in the PSC sandbox's {list}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Approves, as the professional would on the e-CPS app, the first pending CIBA request of <paramref name="clientId"/>.</summary>
    public async Task ApproveCibaAsync(string clientId) =>
        await Psc.DecideAsync(await WaitInPscStateAsync("pendingCiba", e => e.GetProperty("clientId").GetString() == clientId, "authReqId"), approve: true);

    /// <summary>A fresh access token for a test identity, obtained as an intermediate server does (CIBA).</summary>
    public Task<string> TokenAsync(string idNat) => Psc.AccessTokenAsync(idNat, Lps.ClientId, Lps.Secret);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Http.Dispose();
        _directory.Dispose();
    }
}
