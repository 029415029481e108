using System.Net;
using System.Security.Cryptography.X509Certificates;
using OpenMss.Conformance.Observation;
using OpenMss.Conformance.Relay;
using OpenMss.Net;
using OpenMss.Operator.Hosting;
using OpenMss.Operator.Mssante;
using OpenMss.Pki;
using OpenMss.Psc.Sandbox;
using OpenMss.Sandbox;

namespace OpenMss.Conformance.Lps;

/// <summary>
/// Everything an LPS under test needs, started in one go and stopped together: the test PKI and the certificates of
/// every case, the CRL, the DNS with the SRV records, the PSC sandbox, the reference operator and, in front of it, the
/// tool's listeners that record every session. Lives in DIR (kept from one run to the next).
/// </summary>
public sealed class LpsEnvironment : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _parts = [];
    private readonly Dictionary<string, IPEndPoint> _listeners = new(StringComparer.Ordinal);

    private LpsEnvironment(string directory, LpsProfile profile, ConformancePorts ports, ObservationLog log)
    {
        Directory = directory;
        Profile = profile;
        Ports = ports;
        Log = log;
        Pki = new TestPkiLayout(Path.Combine(directory, "pki"));
    }

    public string Directory { get; }

    public LpsProfile Profile { get; }

    public ConformancePorts Ports { get; }

    public ObservationLog Log { get; }

    public TestPkiLayout Pki { get; }

    public PscSandbox Psc { get; private set; } = null!;

    public string CrlUrl => SandboxCrlServer.UrlFor(Ports.Crl);

    /// <summary>Where the test CDA documents are (DIR/cda).</summary>
    public string CdaDirectory => Path.Combine(Directory, "cda");

    public IReadOnlyDictionary<string, IPEndPoint> Listeners => _listeners;

    /// <summary>The intermediate server LPS pair with (per-org profile), or null.</summary>
    public string? GatewayUrl { get; private set; }

    public IReadOnlyList<LpsStep> Steps => LpsSteps.For(Profile, _listeners, CdaDirectory, GatewayUrl);

    public static async Task<LpsEnvironment> StartAsync(string directory, LpsProfile profile, ConformancePorts ports, TimeProvider clock, CancellationToken cancellationToken)
    {
        var environment = new LpsEnvironment(directory, profile, ports, new ObservationLog(clock));
        try
        {
            await environment.StartPartsAsync(clock, cancellationToken);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var part in Enumerable.Reverse(_parts))
        {
            await part.DisposeAsync();
        }

        _parts.Clear();
    }

    private async Task StartPartsAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        System.IO.Directory.CreateDirectory(Directory);
        SandboxResponders.WriteDocuments(CdaDirectory);
        if (!Pki.Exists)
        {
            TestPki.Init(Pki.Directory, TestPki.DefaultServerHosts, TestPki.DefaultClient, now);
        }

        Pki.EnsureUsable(TestPki.DefaultClientName);
        var zone = Zone();
        var hosts = TestPki.DefaultServerHosts.Concat(zone.HostNames).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        // Each run issues its certificates afresh: the CRL's URL moves with the ports, the expired one must stay expired.
        var good = TestPkiServers.Issue(Pki, "conformance-server", hosts, CrlUrl, now);
        var expired = TestPkiServers.Issue(Pki, "conformance-expired", hosts, CrlUrl, now, notAfter: now.AddHours(-1));
        var revoked = TestPkiServers.Issue(Pki, "conformance-revoked", hosts, CrlUrl, now);
        var wrongName = TestPkiServers.Issue(Pki, "conformance-wrong-name", ["autre-operateur.invalid"], CrlUrl, now);
        TestPkiServers.Issue(Pki, "conformance-tls11", hosts, CrlUrl, now).Dispose();
        var foreign = TestPkiServers.IssueFromForeignCa(hosts, now);
        TestPkiServers.PublishCrl(Pki, [revoked], now);

        _parts.Add(await SandboxCrlServer.StartAsync(Pki, Ports.Crl, cancellationToken));
        _parts.Add(SandboxDnsServer.Start(zone, Ports.Dns, Log.Dns));

        var (serverCertificate, serverChain) = Pki.LoadServer();
        var perOrg = Profile == LpsProfile.PerOrg;
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(Pki.TrustAnchor);
        Psc = await PscSandbox.StartAsync(
            new SandboxSettings
            {
                Port = Ports.Psc, Certificate = serverCertificate, CertificateChain = serverChain, BackchannelRoots = roots,
                Directory = perOrg ? SandboxGateway.WithClient(SandboxDirectory.Defaults, Ports.Standard) : SandboxDirectory.Defaults,
            },
            clock,
            cancellationToken: cancellationToken);
        _parts.Add(Psc);
        var control = new HttpClient(TrustAnchors.HttpHandler(Pki.TrustAnchor)) { Timeout = TimeSpan.FromSeconds(30) };
        _parts.Add(new Disposing(control));
        var pscControl = PscSandboxClient.ForIssuer(control, Psc.Issuer);
        if (perOrg)
        {
            var gatewayStore = await StoreOpener.OpenAsync(OpenMss.Operator.Hosting.StoreLocation.Embedded(Path.Combine(Directory, "gateway", "store")), cancellationToken);
            var gateway = SandboxGateway.Build(Directory, Pki, Ports.Standard, Psc.Issuer, gatewayStore, clock);
            await gateway.StartAsync(cancellationToken);
            _parts.Add(new HostedApplication(gateway, gatewayStore));
            GatewayUrl = SandboxGateway.Url(Ports.Standard);
            _parts.Add(new CibaApprover(pscControl, SandboxGateway.ClientId, clock));
        }

        var operatorClient = Psc.Directory.FindClient(SandboxDirectory.OperatorClientId)!;
        _parts.Add(await ReferenceOperator.StartAsync(Directory, Pki, Ports, (operatorClient.ClientId, operatorClient.Secret, Psc.Issuer), clock, cancellationToken));

        var intermediates = new X509Certificate2Collection();
        intermediates.ImportFromPemFile(Pki.ServersCa);
        var root = roots[0];
        var appCertificate = X509Certificate2.CreateFromPemFile(Pki.ClientCertificate(TestPki.DefaultClientName), Pki.ClientKey(TestPki.DefaultClientName));
        var appChain = new X509Certificate2Collection();
        appChain.ImportFromPemFile(Pki.OrganisationsCa);
        var backend = Ports.Standard;
        var app = Profile == LpsProfile.App;
        ListenerSpec Spec(string name, WireProtocol protocol, IPEndPoint endpoint, int backendPort, bool authCli, X509Certificate2 certificate, FaultPlan? faults = null) =>
            new(name, protocol, endpoint, new IPEndPoint(ConformancePorts.Backend, backendPort), certificate, certificate == foreign ? [] : intermediates, authCli, faults ?? FaultPlan.None)
            {
                BackendClientCertificate = authCli ? appCertificate : null,
                BackendClientChain = appChain,
                ClientRoot = root,
            };

        var caseImapPort = app ? backend.ImapAuthCli : backend.ImapPsc;
        ListenerSpec[] relays =
        [
            Spec(ListenerNames.ImapPsc, WireProtocol.Imap, new(ConformancePorts.Front, backend.ImapPsc), backend.ImapPsc, false, good),
            Spec(ListenerNames.ImapAuthCli, WireProtocol.Imap, new(ConformancePorts.Front, backend.ImapAuthCli), backend.ImapAuthCli, true, good),
            Spec(ListenerNames.SubmissionPsc, WireProtocol.Smtp, new(ConformancePorts.Front, backend.SubmissionPsc), backend.SubmissionPsc, false, good),
            Spec(ListenerNames.SubmissionAuthCli, WireProtocol.Smtp, new(ConformancePorts.Front, backend.SubmissionAuthCli), backend.SubmissionAuthCli, true, good),
            Spec(ListenerNames.ExpiredCertificate, WireProtocol.Imap, Ports.Case(1), caseImapPort, app, expired),
            Spec(ListenerNames.RevokedCertificate, WireProtocol.Imap, Ports.Case(2), caseImapPort, app, revoked),
            Spec(ListenerNames.ForeignCa, WireProtocol.Imap, Ports.Case(3), caseImapPort, app, foreign),
            Spec(ListenerNames.WrongName, WireProtocol.Imap, Ports.Case(4), caseImapPort, app, wrongName),
            Spec(ListenerNames.RefusesAuthentication, WireProtocol.Imap, Ports.Case(6), caseImapPort, app, good, new RefuseEveryAuthentication(Refusal.AuthenticationFailed)),
            Spec(ListenerNames.Unavailable, WireProtocol.Imap, Ports.Case(7), caseImapPort, app, good, new RefuseFirstAuthentications(2, Refusal.Unavailable)),
            Spec(ListenerNames.EndsSession, WireProtocol.Imap, Ports.Case(8), caseImapPort, app, good, new EndFirstAuthenticatedSession()),
            .. perOrg ? [Spec(ListenerNames.LogsOut, WireProtocol.Imap, Ports.Case(10), backend.ImapPsc, false, good, new LogOutAfterAuthentication(session => pscControl.EndSessionAsync(session), clock))] : Array.Empty<ListenerSpec>(),
        ];
        foreach (var spec in relays)
        {
            Add(ObservingListener.Relay(spec, Log));
        }

        var oldTls = await OpenSslServer.StartTls11Async(
            Path.Combine(Pki.Directory, "conformance-tls11.pem"), Path.Combine(Pki.Directory, "conformance-tls11.key"), Pki.ServersCa, Ports.OldTlsServer, cancellationToken);
        _parts.Add(oldTls);
        Add(ObservingListener.Start(ListenerNames.Tls11, WireProtocol.Imap, Ports.Case(5), Log, (client, session, token) => OldTlsListener.HandleAsync(client, session, oldTls.Endpoint, token)));
        Add(ObservingListener.Start(ListenerNames.Unreachable, WireProtocol.Imap, Ports.Case(9), Log, (_, session, _) =>
        {
            // The fronts of a BAL whose operator fails: every connection is closed at once.
            session.Note("closed at once: this BAL's operator is unreachable");
            return Task.CompletedTask;
        }));
    }

    private void Add(ObservingListener listener)
    {
        _parts.Add(listener);
        _listeners[listener.Name] = listener.Endpoint;
    }

    /// <summary>The test BALs' domain with its four SRV records leading to the tool's listeners; the failing domain's leading to the listener that closes.</summary>
    private SandboxZone Zone()
    {
        var ports = Ports.Standard;
        var zone = new SandboxZone();
        var domain = ReferenceOperator.Domain;
        zone.Add(domain, new AutoconfigRecords(new($"imap-psc.{domain}", ports.ImapPsc), new($"imap-authcli.{domain}", ports.ImapAuthCli), new($"smtp-psc.{domain}", ports.SubmissionPsc), new($"smtp-authcli.{domain}", ports.SubmissionAuthCli)), ConformancePorts.Front);
        var failing = ReferenceOperator.UnreachableDomain;
        var closed = Ports.Case(9).Port;
        zone.Add(failing, new AutoconfigRecords(new($"imap-psc.{failing}", closed), new($"imap-authcli.{failing}", closed), new($"smtp-psc.{failing}", closed), new($"smtp-authcli.{failing}", closed)), ConformancePorts.Front);
        return zone;
    }
}

/// <summary>An <see cref="IDisposable"/> among the environment's parts.</summary>
internal sealed class Disposing(IDisposable owned) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        owned.Dispose();
        return ValueTask.CompletedTask;
    }
}
