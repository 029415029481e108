using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenMss.Lps;
using OpenMss.Lps.Trust;
using OpenMss.Lps.Gateway;
using OpenMss.Psc.Sandbox;
using OpenMss.Storage;
using OpenMss.Storage.Sqlite;
using OpenMss.TestSupport;

namespace OpenMss.Gateway.Tests;

/// <summary>
/// A PSC sandbox that knows the gateway as a client (CIBA, its redirect URI, its back-channel logout URI), and the
/// gateway on a free loopback port over HTTPS with an embedded store and a key ring in a temporary directory. Both
/// share one clock the test can move, so token lifetimes pass without sleeping.
/// </summary>
public sealed class RunningGateway : IAsyncDisposable
{
    public const string ClientId = "openmss-gateway";
    public const string Secret = "sandbox-gateway-secret";
    public const string IdNat = "810001234567";

    private readonly TempDirectory _directory;
    private readonly Action<GatewayOptions>? _change;
    private readonly int _port;

    private RunningGateway(TempDirectory directory, RunningSandbox psc, IMailStore store, int port, Action<GatewayOptions>? change)
    {
        _directory = directory;
        Psc = psc;
        Store = store;
        _port = port;
        _change = change;
    }

    public RunningSandbox Psc { get; }

    public IMailStore Store { get; }

    public WebApplication App { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public Uri Url => new($"https://127.0.0.1:{_port}/");

    public GatewayOptions Options { get; private set; } = null!;

    public static async Task<RunningGateway> StartAsync(Action<GatewayOptions>? change = null, Func<SandboxSettings, SandboxSettings>? psc = null)
    {
        var port = Repository.FreePort();
        var client = new TestClient
        {
            ClientId = ClientId, Secret = Secret, Ciba = true,
            RedirectUris = ["https://127.0.0.1/callback"],
            BackchannelLogoutUri = $"https://127.0.0.1:{port}/backchannel-logout",
        };
        var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        roots.ImportFromPemFile(RunningSandbox.Pki.TrustAnchor);
        var sandbox = await RunningSandbox.StartAsync(settings =>
        {
            var withGateway = settings with
            {
                Directory = SandboxDirectory.Defaults with { Clients = [.. SandboxDirectory.Defaults.Clients, client] },
                BackchannelRoots = roots,
            };
            return psc?.Invoke(withGateway) ?? withGateway;
        });
        var directory = new TempDirectory();
        var store = await SqliteMailStore.OpenAsync(directory.Combine("store"), default);
        var gateway = new RunningGateway(directory, sandbox, store, port, change);
        await gateway.StartAppAsync();
        return gateway;
    }

    /// <summary>Stops the gateway and starts another on the same store and key ring, as a restart or a second node would.</summary>
    public async Task RestartAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await StartAppAsync();
    }

    /// <summary>The SDK's client of this gateway, trusting the test PKI.</summary>
    public MssGateway Sdk()
    {
        var trust = new MssTrustOptions();
        trust.AddRootsFromPem(RunningSandbox.Pki.TrustAnchor);
        return new MssGateway(Url, trust);
    }

    /// <summary>The SDK's token source for a session, on the test's clock (so a shifted clock expires its cached token too).</summary>
    public GatewayTokenSource TokenSource(MssGateway sdk, MssGatewaySession session)
    {
        var source = sdk.TokenSource(session);
        source.Time = Psc.Clock;
        return source;
    }

    /// <summary>
    /// Answers the gateway's pending CIBA request for <paramref name="idNat"/> as the professional on the e-CPS app;
    /// with <paramref name="approve"/> null, only waits for the request to be pending and leaves it unanswered.
    /// </summary>
    public async Task DecideCibaAsync(string idNat, bool? approve)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var state = await Psc.Client.StateAsync();
            var pending = state.RootElement.GetProperty("pendingCiba").EnumerateArray()
                .FirstOrDefault(r => r.GetProperty("idNat").GetString() == idNat && r.GetProperty("clientId").GetString() == ClientId);
            if (pending.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                if (approve is { } decision)
                {
                    await Psc.Client.DecideAsync(pending.GetProperty("authReqId").GetString()!, decision);
                }

                return;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the gateway made no CIBA request");
            await Task.Delay(50);
        }
    }

    /// <summary>Pairs an installation by CIBA, the professional approving.</summary>
    public async Task<MssGatewaySession> PairAsync(MssGateway sdk, string installation, string idNat = IdNat)
    {
        var pairing = sdk.PairWithCibaAsync(installation, idNat, "42");
        var approving = DecideCibaAsync(idNat, approve: true);
        if (await Task.WhenAny(pairing, approving) == pairing && pairing.IsFaulted)
        {
            return await pairing; // the pairing failed before PSC had a request: its own error says why
        }

        await approving;
        return await pairing;
    }

    private async Task StartAppAsync()
    {
        var (certificate, chain) = RunningSandbox.Pki.LoadServer();
        Options = new GatewayOptions
        {
            Issuer = Psc.Sandbox.Issuer,
            ClientId = ClientId,
            ClientSecret = Secret,
            PublicUrl = Url.ToString().TrimEnd('/'),
            TrustedCa = RunningSandbox.Pki.TrustAnchor,
            EndPollInterval = TimeSpan.FromMilliseconds(50),
            RequestsPerSecond = 50,
            PscTimeout = TimeSpan.FromSeconds(30), // the in-process PSC sandbox answers late when the whole suite loads both cores; tests of timeouts set their own
        };
        _change?.Invoke(Options);
        App = GatewayHost.Build(Options, new GatewayListener(new IPEndPoint(IPAddress.Loopback, _port), certificate, chain, _directory.Combine("keys")), Store, Psc.Clock,
            logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        await App.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Store.DisposeAsync();
        await Psc.DisposeAsync();
        _directory.Dispose();
    }
}
