using System.CommandLine;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenMss.Cli.Sandbox;
using OpenMss.Lps;
using OpenMss.Operator.Hosting;
using OpenMss.OperatorConsole;
using OpenMss.Operator.Whitelist;
using OpenMss.Sandbox;
using OpenMss.Sandbox.Annuaire;
using OpenMss.Sandbox.Mes;
using OpenMss.Pki;
using OpenMss.Psc.Sandbox;
using OpenMss.Storage;

namespace OpenMss.Cli.Commands;

/// <summary>
/// <c>openmss sandbox</c>: a local MSSanté trust space in one command. The PSC sandbox, two operators (A on
/// 127.0.0.1, B on 127.0.0.2), each with both fronts for IMAP and submission, its MTA with its own certificate, its
/// embedded store and test BALs of each type; a DNS server with their SRV and MX records, a whitelist naming both, a
/// test PKI and its CRL. Everything lives in DIR and is kept from one start to the next. DIR/sandbox.json is written
/// last, once every listener accepts connections (DESIGN.md §5).
/// </summary>
internal static class SandboxCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "Directory of the sandbox: PKI, stores, sandbox.json (default ./sandbox).", HelpName = "DIR" };
        var portsBase = new Option<int?>("--ports-base") { Description = $"Port base (default {ListenerPorts.DefaultBase}): IMAP base+143/144, submission base+587/588, MTA base+25, PSC base+443, DNS base+53.", HelpName = "N" };
        var serverKey = new Option<ServerKeyType>("--server-key")
        {
            Description = "Key of the operators' API LPS certificates: rsa (2048, as IGC Santé issues them; default) or ecdsa (P-256, cheaper handshakes).",
            HelpName = "rsa|ecdsa",
            DefaultValueFactory = _ => ServerKeyType.Rsa,
            CustomParser = r => r.Tokens.Count == 1 && r.Tokens[0].Value is "rsa" or "ecdsa"
                ? (r.Tokens[0].Value == "rsa" ? ServerKeyType.Rsa : ServerKeyType.EcdsaP256)
                : FailKey(r),
        };
        var command = new Command("sandbox", "Run a complete local MSSanté trust space (two operators) in the foreground until SIGTERM or Ctrl-C.") { data, portsBase, serverKey, SandboxPatientCommand.Create(context) };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var root = Path.GetFullPath(parseResult.GetValue(data) ?? "sandbox");
            var ports = new ListenerPorts(parseResult.GetValue(portsBase) ?? ListenerPorts.DefaultBase);
            if (!ports.IsValid)
            {
                throw new UsageException($"--ports-base {ports.Base} puts listeners outside 0-65535.");
            }

            CheckPorts(ports);
            Prepare(root);
            SandboxResponders.WriteDocuments(Path.Combine(root, "cda"));
            SandboxManifest.Remove(root);
            var pki = new TestPkiLayout(Path.Combine(root, "pki"));
            if (!pki.Exists)
            {
                TestPki.Init(pki.Directory, TestPki.DefaultServerHosts, TestPki.DefaultClient, context.Clock.GetUtcNow());
            }

            pki.EnsureUsable(TestPki.DefaultClientName);
            var zone = new SandboxZone();
            foreach (var member in SandboxOperators.All)
            {
                zone.Add(member.Domain, SandboxOperators.Fronts(member, ports), member.Address);
            }

            foreach (var (domain, host) in SandboxOperators.HostedDomains)
            {
                zone.Add(domain, SandboxOperators.Fronts(host, ports), host.Address);
            }

            var crlUrl = SandboxCrlServer.UrlFor(ports.Crl);
            PrepareServerCertificate(pki, zone, crlUrl, context.Clock.GetUtcNow());
            var frontKey = parseResult.GetValue(serverKey);
            var whitelist = SandboxTrustSpace.Prepare(pki, SandboxOperators.All, zone, crlUrl, context.Clock.GetUtcNow(), SandboxOperators.HostedDomains);
            await using var crl = await SandboxCrlServer.StartAsync(pki, ports.Crl, cancellationToken);
            await using var dns = StartDns(zone, ports.Dns);
            var (certificate, chain) = pki.LoadServer();
            var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
            roots.ImportFromPemFile(pki.TrustAnchor);
            await using var psc = await PscSandbox.StartAsync(
                new SandboxSettings
                {
                    Port = ports.Psc, Certificate = certificate, CertificateChain = chain,
                    Directory = SandboxWebmail.WithClient(SandboxGateway.WithClient(SandboxDirectory.Defaults, ports), ports),
                    Lifetimes = PscLifetimes(),
                    BackchannelRoots = roots, // the gateway's and the webmail's back-channel endpoints have the test PKI's certificate
                },
                context.Clock,
                cancellationToken: cancellationToken);
            var operatorClient = psc.Directory.FindClient(SandboxDirectory.OperatorClientId)!;
            await using var annuaire = await AnnuaireStandIn.StartAsync(Path.Combine(root, "annuaire"), ports.Annuaire, ports.AnnuaireLdap, certificate, chain, context.Clock, cancellationToken);
            if (annuaire.LdapProblem is { } ldapProblem)
            {
                await context.Error.WriteLineAsync($"The Annuaire runs without LDAP: {ldapProblem}");
            }

            var console = SandboxConsole.Prepare(root);
            var backup = SandboxBackup.Prepare(root);
            var running = new List<(SandboxOperator Member, IMailStore Store, Microsoft.AspNetCore.Builder.WebApplication Host)>();
            var accounts = new List<SandboxManifest.AccountEntry>();
            try
            {
                foreach (var member in SandboxOperators.All)
                {
                    var store = await StoreOpener.OpenAsync(StoreLocation.Embedded(SandboxOperators.StoreDirectory(root, member)), cancellationToken);
                    accounts.AddRange(await SandboxOperators.EnsureAccountsAsync(member, store, pki, context, cancellationToken));
                    await SandboxOperators.EnsureHostedAsync(member, store, context, cancellationToken);
                    // In force before the MTA listens, so its first peer is judged against it; serve then refreshes it.
                    using (var http = new HttpClient())
                    {
                        await new WhitelistImport(store, http, context.Clock).ImportAsync(whitelist.Whitelist, whitelist.Checksum, cancellationToken);
                    }

                    var configuration = SandboxOperators.Configuration(member, pki, ports, (operatorClient.ClientId, operatorClient.Secret, psc.Issuer), whitelist, annuaire.FhirUrl, frontKey);
                    var host = OperatorHost.Build([.. configuration, .. console.Settings(root), .. member == SandboxOperators.A ? backup.Settings : []], store, ports, context.Clock, [ConsoleHosting.Part]);
                    running.Add((member, store, host));
                    await host.StartAsync(cancellationToken);
                }

                await using var gatewayStore = await StoreOpener.OpenAsync(StoreLocation.Embedded(Path.Combine(root, "gateway", "store")), cancellationToken);
                await using var gateway = SandboxGateway.Build(root, pki, ports, psc.Issuer, gatewayStore, context.Clock);
                await gateway.StartAsync(cancellationToken);
                await using var webmail = SandboxWebmail.Build(pki, ports, psc.Issuer, SandboxOperators.A.Address, running[0].Store, backup.Options, context.Clock);
                await webmail.StartAsync(cancellationToken);
                var credential = AuthCliCredential.FromPemFiles(pki.ClientCertificate(TestPki.DefaultClientName), pki.ClientKey(TestPki.DefaultClientName));
                var loggers = running[0].Host.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>();
                await using var responders = SandboxResponders.Start(ApplicationOptions(pki, ports, "OPENMSS-SANDBOX-RESPONDER"), credential, loggers.CreateLogger("OpenMss.Sandbox.Responders"));
                await using var mes = MesStandIn.Start(
                    ApplicationOptions(pki, ports, "OPENMSS-SANDBOX-MES"), credential, new MesExchanges(MesExchangesPath(root)), SandboxOperators.ProfessionalDomains, loggers.CreateLogger("OpenMss.Sandbox.Mes"));
                var manifest = new SandboxManifest(
                    PscSandboxDescription.Of(psc),
                    pki.TrustAnchor,
                    [.. SandboxOperators.All.Select(member => Entry(member, ports, root, console))],
                    accounts,
                    Endpoint(IPAddress.Loopback, ports.Dns),
                    crl.Url,
                    [.. SandboxResponders.All.Select(r => r.Address)],
                    new(MesStandIn.Domain, [.. MesPatient.Defaults.Select(p => new SandboxManifest.PatientEntry(p.Address(MesStandIn.Domain), p.Ins, p.DisplayName))], MesStandIn.AutomaticAnswerBal),
                    SandboxGateway.Url(ports),
                    new(annuaire.Ldap?.Url, SlapdDirectory.Base, annuaire.FhirUrl, annuaire.ExtractionUrl),
                    SandboxWebmail.Url(ports));
                manifest.Write(root);
                await context.Out.WriteLineAsync(SandboxSummary.Text(root, manifest, ports));
                await Signals.WaitForStopAsync(cancellationToken);
            }
            finally
            {
                SandboxManifest.Remove(root);
                foreach (var (_, store, host) in Enumerable.Reverse(running))
                {
                    await host.StopAsync(CancellationToken.None);
                    await host.DisposeAsync();
                    await store.DisposeAsync();
                }
            }
        }));
        return command;
    }

    /// <summary>
    /// PSC's lifetimes, or shorter ones for tests that must see tokens expire and refresh within seconds
    /// (Psc:AccessTokenLifetime, e.g. OPENMSS_Psc__AccessTokenLifetime=00:00:10).
    /// </summary>
    private static SandboxLifetimes PscLifetimes()
    {
        var configured = OperatorConfiguration.Load([])["Psc:AccessTokenLifetime"];
        if (configured is null)
        {
            return new SandboxLifetimes();
        }

        return TimeSpan.TryParse(configured, CultureInfo.InvariantCulture, out var lifetime) && lifetime >= TimeSpan.FromSeconds(5)
            ? new SandboxLifetimes { AccessToken = lifetime }
            : throw new UsageException($"Psc:AccessTokenLifetime '{configured}' is not a duration of 5 seconds or more (hh:mm:ss).");
    }

    /// <summary>Where the Mon espace santé stand-in keeps its record of exchanges.</summary>
    public static string MesExchangesPath(string root) => Path.Combine(root, "mes", "exchanges.json");

    /// <summary>The responders and the MES stand-in reach the operators as any LPS does: the sandbox's CA, its DNS.</summary>
    public static MssClientOptions ApplicationOptions(TestPkiLayout pki, ListenerPorts ports, string nil)
    {
        var options = new MssClientOptions { Nil = nil, DnsServer = new IPEndPoint(IPAddress.Loopback, ports.Dns), Timeout = TimeSpan.FromSeconds(30) };
        options.Trust.AddRootsFromPem(pki.TrustAnchor);
        return options;
    }

    private static string Endpoint(IPAddress address, int port) => $"{address}:{port.ToString(CultureInfo.InvariantCulture)}";

    private static SandboxManifest.OperatorEntry Entry(SandboxOperator member, ListenerPorts ports, string root, SandboxConsole console) => new(
        member.Domain,
        new(Endpoint(member.Address, ports.ImapPsc), Endpoint(member.Address, ports.ImapAuthCli)),
        new(Endpoint(member.Address, ports.SubmissionPsc), Endpoint(member.Address, ports.SubmissionAuthCli)),
        Endpoint(member.Address, ports.Mta),
        SandboxOperators.StoreDirectory(root, member),
        SandboxConsole.Url(member, ports),
        new(SandboxConsole.User, console.Password));

    /// <summary>Every listener's port must be free on its operator's address (the DNS, PSC and CRL listen on A's).</summary>
    private static void CheckPorts(ListenerPorts ports)
    {
        var shared = new[] { ports.Psc, ports.Gateway, ports.Webmail, ports.Dns, ports.Crl, ports.Annuaire, ports.AnnuaireLdap };
        foreach (var member in SandboxOperators.All)
        {
            var own = new[] { ports.Admin, ports.Console, ports.ImapPsc, ports.ImapAuthCli, ports.SubmissionPsc, ports.SubmissionAuthCli, ports.Mta };
            foreach (var port in member == SandboxOperators.A ? own.Concat(shared) : own)
            {
                if (PortCheck.Problem(member.Address, port) is { } problem)
                {
                    throw new UsageException($"{problem} Choose other ports with --ports-base.");
                }
            }
        }

        if (PortCheck.Problem(IPAddress.Loopback, ports.Dns, System.Net.Sockets.ProtocolType.Udp) is { } udp)
        {
            throw new UsageException($"{udp.Replace("Port", "UDP port", StringComparison.Ordinal)} Choose other ports with --ports-base.");
        }
    }

    /// <summary>
    /// The server certificate must name the zone's host names and lead to this run's CRL (its port moves with
    /// --ports-base): it is issued again when it does not, and the CRL is published afresh at each start.
    /// </summary>
    private static void PrepareServerCertificate(TestPkiLayout pki, SandboxZone zone, string crlUrl, DateTimeOffset now)
    {
        var hosts = TestPki.DefaultServerHosts.Concat(SandboxOperators.All.Select(o => o.Address.ToString())).Concat(zone.HostNames).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var (path, keyType) in new[] { (pki.Server, ServerKeyType.Rsa), (pki.ServerEcdsa, ServerKeyType.EcdsaP256) })
        {
            using var current = File.Exists(path) ? System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(path) : null;
            if (current is null || !TestPkiServers.Covers(current, hosts, crlUrl) || current.NotAfter < now.AddDays(7))
            {
                TestPkiServers.Issue(pki, Path.GetFileNameWithoutExtension(path), hosts, crlUrl, now, keyType: keyType).Dispose();
            }
        }

        TestPkiServers.PublishCrl(pki, [], now);
    }

    /// <summary>The DNS server, or one sentence when its port was taken since the check (another program was quicker).</summary>
    private static SandboxDnsServer StartDns(SandboxZone zone, int port)
    {
        try
        {
            return SandboxDnsServer.Start(zone, new IPEndPoint(IPAddress.Loopback, port));
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new UsageException($"The DNS server cannot listen on 127.0.0.1:{port} ({e.Message}). Choose other ports with --ports-base.");
        }
    }

    /// <summary>DIR must be a directory we can write, and not something else's files.</summary>
    private static void Prepare(string root)
    {
        if (File.Exists(root))
        {
            throw new UsageException($"{root} is a file, not a sandbox directory.");
        }

        try
        {
            Directory.CreateDirectory(root);
            var probe = Path.Combine(root, ".write-test");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"The sandbox directory {root} cannot be written: {e.Message}");
        }
    }

    private static ServerKeyType FailKey(System.CommandLine.Parsing.ArgumentResult result)
    {
        result.AddError("--server-key takes rsa or ecdsa.");
        return ServerKeyType.Rsa;
    }
}
