using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using OpenMss.Net;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Hosting;
using OpenMss.Operator.Mssante;
using OpenMss.Pki;
using OpenMss.Psc.Sandbox;
using OpenMss.Sandbox;
using OpenMss.Storage;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>
/// Operator A of the sandbox (its PER, ORG and APP BALs, both fronts for IMAP and submission) run in this process,
/// with the PSC sandbox, the DNS of its SRV records, the CRL of its certificate and, when asked, the intermediate
/// server: everything an LPS reaches, on one <see cref="SteppedClock"/>. Session lifetimes, idle timeouts and token
/// lifetimes pass when the test moves the clock, so a test spans many of them without waiting for any.
/// </summary>
public sealed class ClockedTrustSpace : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _parts = [];
    private readonly TempDirectory _directory = new();

    private ClockedTrustSpace(ListenerPorts ports)
    {
        Ports = ports;
        Pki = new TestPkiLayout(_directory.Combine("pki"));
    }

    public SteppedClock Clock { get; } = new(DateTimeOffset.UtcNow); // real dates: certificates and CRLs are checked against it

    public ListenerPorts Ports { get; }

    public TestPkiLayout Pki { get; }

    public PscSandboxClient Psc { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The intermediate server's address, when started with one.</summary>
    public Uri? GatewayUrl { get; private set; }

    /// <summary>Where the intermediate server keeps its sessions (for <c>openmss gateway sessions --data</c>).</summary>
    public string GatewayStore => _directory.Combine("gateway", "store");

    /// <param name="settings">The operator's settings beyond the defaults (Section:Key to value).</param>
    public static async Task<ClockedTrustSpace> StartAsync(IReadOnlyDictionary<string, string> settings, SandboxLifetimes? pscLifetimes = null, bool gateway = false)
    {
        var space = new ClockedTrustSpace(new ListenerPorts(Repository.FreePortBase()));
        try
        {
            await space.StartPartsAsync(settings, pscLifetimes ?? new SandboxLifetimes(), gateway);
            return space;
        }
        catch
        {
            await space.DisposeAsync();
            throw;
        }
    }

    /// <summary>The SDK's options: this space's CA and DNS, its clock; a retry comes at once, since no clock moves during one.</summary>
    public MssClientOptions Options(Action<MssClientOptions>? change = null)
    {
        var options = new MssClientOptions
        {
            Nil = "OPENMSS-TEST-1",
            DnsServer = new IPEndPoint(IPAddress.Loopback, Ports.Dns),
            Timeout = TimeSpan.FromSeconds(30),
            Time = Clock,
            RetryDelays = [TimeSpan.Zero],
        };
        options.Trust.AddRootsFromPem(Pki.TrustAnchor);
        change?.Invoke(options);
        return options;
    }

    /// <summary>Tokens as an intermediate server gets them for <paramref name="idNat"/> (CIBA, then refresh), read on this space's clock.</summary>
    public SandboxTokenSource Tokens(string idNat) => new(Psc, Http, idNat) { Time = Clock };

    public AuthCliCredential AppCredential() =>
        AuthCliCredential.FromPemFiles(Pki.ClientCertificate(TestPki.DefaultClientName), Pki.ClientKey(TestPki.DefaultClientName));

    /// <summary>Approves the first CIBA request of <paramref name="clientId"/> that reaches PSC.</summary>
    public async Task ApproveCibaAsync(string clientId)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var state = await Psc.StateAsync(limit.Token);
            var pending = state.RootElement.GetProperty("pendingCiba").EnumerateArray()
                .Where(e => e.GetProperty("clientId").GetString() == clientId).Select(e => e.GetProperty("authReqId").GetString()).FirstOrDefault();
            if (pending is not null)
            {
                await Psc.DecideAsync(pending, approve: true, limit.Token);
                return;
            }

            await Task.Delay(50, limit.Token); // PSC's state has no change notification: poll it, on the real clock
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var part in Enumerable.Reverse(_parts))
        {
            await part.DisposeAsync();
        }

        Http?.Dispose();
        _directory.Dispose();
    }

    private async Task StartPartsAsync(IReadOnlyDictionary<string, string> settings, SandboxLifetimes pscLifetimes, bool withGateway)
    {
        var now = Clock.GetUtcNow();
        var domain = SandboxProcess.Domain;
        var zone = new SandboxZone();
        zone.Add(domain, new AutoconfigRecords(
            new($"imap-psc.{domain}", Ports.ImapPsc), new($"imap-authcli.{domain}", Ports.ImapAuthCli),
            new($"smtp-psc.{domain}", Ports.SubmissionPsc), new($"smtp-authcli.{domain}", Ports.SubmissionAuthCli)), IPAddress.Loopback);
        TestPki.Init(Pki.Directory, TestPki.DefaultServerHosts, TestPki.DefaultClient, now);
        var crlUrl = SandboxCrlServer.UrlFor(Ports.Crl);
        TestPkiServers.Issue(Pki, Path.GetFileNameWithoutExtension(Pki.Server), [.. TestPki.DefaultServerHosts, .. zone.HostNames], crlUrl, now).Dispose();
        TestPkiServers.PublishCrl(Pki, [], now);
        _parts.Add(await SandboxCrlServer.StartAsync(Pki, Ports.Crl, default));
        _parts.Add(SandboxDnsServer.Start(zone, new IPEndPoint(IPAddress.Loopback, Ports.Dns)));

        var (certificate, chain) = Pki.LoadServer();
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(Pki.TrustAnchor);
        var psc = await PscSandbox.StartAsync(
            new SandboxSettings
            {
                Port = Ports.Psc, Certificate = certificate, CertificateChain = chain, BackchannelRoots = roots, Lifetimes = pscLifetimes,
                Directory = withGateway ? SandboxGateway.WithClient(SandboxDirectory.Defaults, Ports) : SandboxDirectory.Defaults,
            },
            Clock);
        _parts.Add(psc);
        Http = new HttpClient(TrustAnchors.HttpHandler(Pki.TrustAnchor)) { Timeout = TimeSpan.FromSeconds(30) };
        Psc = PscSandboxClient.ForIssuer(Http, psc.Issuer);
        (await Psc.StateAsync()).Dispose(); // PSC answers before anything depends on it (its first request pays its warm-up)

        var store = await StoreOpener.OpenAsync(OpenMss.Operator.Hosting.StoreLocation.Embedded(_directory.Combine("operator", "store")), default);
        _parts.Add(store);
        await AddBalsAsync(store);
        var operatorClient = psc.Directory.FindClient(SandboxDirectory.OperatorClientId)!;
        var host = OperatorHost.Build([.. Configuration(operatorClient, psc.Issuer), .. settings.Select(s => $"--{s.Key}={s.Value}")], store, Ports, Clock);
        await host.StartAsync();
        _parts.Add(new StoppedOnDispose(host));

        if (withGateway)
        {
            var gatewayStore = await StoreOpener.OpenAsync(OpenMss.Operator.Hosting.StoreLocation.Embedded(GatewayStore), default);
            _parts.Add(gatewayStore);
            var gateway = SandboxGateway.Build(_directory.Path, Pki, Ports, psc.Issuer, gatewayStore, Clock);
            await gateway.StartAsync();
            _parts.Add(new StoppedOnDispose(gateway));
            GatewayUrl = new Uri(SandboxGateway.Url(Ports));
        }
    }

    private async Task AddBalsAsync(IMailStore store)
    {
        var admin = new BalAdministration(store, Clock, "test");
        var structure = TestPki.DefaultClient.IdNatStruc;
        await admin.AddDomainAsync(SandboxProcess.Domain, default);
        await admin.AddBalAsync(new BalRequest(SandboxProcess.Per, Storage.Model.BalType.Per, SandboxProcess.PerHolder, null, [], false), default);
        await admin.AddBalAsync(new BalRequest(SandboxProcess.Org, Storage.Model.BalType.Org, null, structure, [SandboxProcess.PerHolder, SandboxProcess.Colleague], false), default);
        await admin.AddBalAsync(new BalRequest(SandboxProcess.App, Storage.Model.BalType.App, null, structure, [], false), default);
    }

    private string[] Configuration(TestClient operatorClient, string issuer) =>
    [
        $"--Tls:Certificate={Pki.Server}", $"--Tls:Key={Pki.ServerKey}",
        $"--Psc:Issuer={issuer}", $"--Psc:ClientId={operatorClient.ClientId}", $"--Psc:ClientSecret={operatorClient.Secret}", $"--Psc:TrustedCa={Pki.TrustAnchor}",
        $"--AuthCli:TrustAnchors:0={Pki.TrustAnchor}", $"--AuthCli:Intermediates:0={Pki.OrganisationsCa}",
        "--Submission:TrustSpace:0=.mssante.test", "--Submission:HostName=localhost", "--Imap:HostName=localhost",
        "--Submission:Address=127.0.0.1", "--Imap:Address=127.0.0.1", "--Admin:Address=127.0.0.1",
        "--Memory:TrimInterval=00:00:00",
        "--Logging:LogLevel:Default=Warning",
        "--Host:ShutdownTimeout=00:00:05",
    ];

    /// <summary>A started host, stopped then disposed with the space.</summary>
    private sealed class StoppedOnDispose(WebApplication host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync(CancellationToken.None);
            await host.DisposeAsync();
        }
    }
}
