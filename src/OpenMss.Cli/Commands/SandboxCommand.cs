using System.CommandLine;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using OpenMss.Cli.Sandbox;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Hosting;
using OpenMss.Operator.Mssante;
using OpenMss.Sandbox;
using OpenMss.Pki;
using OpenMss.Psc.Sandbox;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Cli.Commands;

/// <summary>
/// <c>openmss sandbox</c>: a local MSSanté trust space in one command. The PSC sandbox, one operator with both
/// fronts for IMAP and submission over an embedded store, a test PKI, and test BALs of each type. Everything lives
/// in DIR and is kept from one start to the next. DIR/sandbox.json is written last, once every listener accepts
/// connections (DESIGN.md §5).
/// </summary>
internal static class SandboxCommand
{
    public const string Domain = "operateur-a.mssante.test";
    private const string PerHolder = "810001234567";
    private const string Colleague = "810002345678";

    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "Directory of the sandbox: PKI, store, sandbox.json (default ./sandbox).", HelpName = "DIR" };
        var portsBase = new Option<int?>("--ports-base") { Description = $"Port base (default {ListenerPorts.DefaultBase}): IMAP base+143/144, submission base+587/588, PSC base+443.", HelpName = "N" };
        var command = new Command("sandbox", "Run a complete local MSSanté trust space in the foreground until SIGTERM or Ctrl-C.") { data, portsBase };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var root = Path.GetFullPath(parseResult.GetValue(data) ?? "sandbox");
            var ports = new ListenerPorts(parseResult.GetValue(portsBase) ?? ListenerPorts.DefaultBase);
            if (!ports.IsValid)
            {
                throw new UsageException($"--ports-base {ports.Base} puts listeners outside 0-65535.");
            }

            foreach (var port in new[] { ports.Admin, ports.ImapPsc, ports.ImapAuthCli, ports.SubmissionPsc, ports.SubmissionAuthCli, ports.Psc, ports.Dns, ports.Crl })
            {
                if (PortCheck.Problem(IPAddress.Loopback, port) is { } problem)
                {
                    throw new UsageException($"{problem} Choose other ports with --ports-base.");
                }
            }

            if (PortCheck.Problem(IPAddress.Loopback, ports.Dns, System.Net.Sockets.ProtocolType.Udp) is { } udp)
            {
                throw new UsageException($"{udp.Replace("Port", "UDP port", StringComparison.Ordinal)} Choose other ports with --ports-base.");
            }

            Prepare(root);
            SandboxManifest.Remove(root);
            var pki = new TestPkiLayout(Path.Combine(root, "pki"));
            if (!pki.Exists)
            {
                TestPki.Init(pki.Directory, TestPki.DefaultServerHosts, TestPki.DefaultClient, context.Clock.GetUtcNow());
            }

            pki.EnsureUsable(TestPki.DefaultClientName);
            var fronts = Fronts(ports);
            var zone = new SandboxZone().Add(Domain, fronts, IPAddress.Loopback);
            PrepareServerCertificate(pki, zone, SandboxCrlServer.UrlFor(ports.Crl), context.Clock.GetUtcNow());
            await using var crl = await SandboxCrlServer.StartAsync(pki, ports.Crl, cancellationToken);
            await using var dns = StartDns(zone, ports.Dns);
            var (certificate, chain) = pki.LoadServer();
            await using var psc = await PscSandbox.StartAsync(
                new SandboxSettings { Port = ports.Psc, Certificate = certificate, CertificateChain = chain }, context.Clock, cancellationToken: cancellationToken);
            await using var store = await StoreOpener.OpenAsync(StoreLocation.Embedded(Path.Combine(root, "store")), cancellationToken);
            var accounts = await EnsureAccountsAsync(store, pki, context, cancellationToken);
            var operatorClient = psc.Directory.FindClient(SandboxDirectory.OperatorClientId)!;
            await using var host = OperatorHost.Build(
            [
                $"--Tls:Certificate={pki.Server}", $"--Tls:Key={pki.ServerKey}",
                $"--Psc:Issuer={psc.Issuer}", $"--Psc:ClientId={operatorClient.ClientId}", $"--Psc:ClientSecret={operatorClient.Secret}", $"--Psc:TrustedCa={pki.TrustAnchor}",
                $"--AuthCli:TrustAnchors:0={pki.TrustAnchor}",
                "--Submission:TrustSpace:0=.mssante.test", "--Submission:HostName=localhost", "--Imap:HostName=localhost",
                "--Logging:LogLevel:Default=Warning",
            ],
                store,
                ports);
            await host.StartAsync(cancellationToken);

            var endpoint = (int port) => $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
            var manifest = new SandboxManifest(
                SandboxManifest.Describe(psc),
                pki.TrustAnchor,
                [new SandboxManifest.OperatorEntry(Domain, new(endpoint(ports.ImapPsc), endpoint(ports.ImapAuthCli)), new(endpoint(ports.SubmissionPsc), endpoint(ports.SubmissionAuthCli)))],
                accounts,
                endpoint(ports.Dns),
                crl.Url);
            manifest.Write(root);
            await context.Out.WriteLineAsync(Summary(root, manifest, ports));
            try
            {
                await Signals.WaitForStopAsync(cancellationToken);
            }
            finally
            {
                SandboxManifest.Remove(root);
                await host.StopAsync(CancellationToken.None);
            }
        }));
        return command;
    }

    /// <summary>The fronts as the sandbox's DNS publishes them: host names in the operator's zone, the sandbox's ports.</summary>
    public static AutoconfigRecords Fronts(ListenerPorts ports) => new(
        new($"imap-psc.{Domain}", ports.ImapPsc),
        new($"imap-authcli.{Domain}", ports.ImapAuthCli),
        new($"smtp-psc.{Domain}", ports.SubmissionPsc),
        new($"smtp-authcli.{Domain}", ports.SubmissionAuthCli));

    /// <summary>
    /// The server certificate must name the zone's host names and lead to this run's CRL (its port moves with
    /// --ports-base): it is issued again when it does not, and the CRL is published afresh at each start.
    /// </summary>
    private static void PrepareServerCertificate(TestPkiLayout pki, SandboxZone zone, string crlUrl, DateTimeOffset now)
    {
        var hosts = TestPki.DefaultServerHosts.Concat(zone.HostNames).ToList();
        using (var current = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(pki.Server))
        {
            if (!TestPkiServers.Covers(current, hosts, crlUrl) || current.NotAfter < now.AddDays(7))
            {
                TestPkiServers.Issue(pki, "server", hosts, crlUrl, now).Dispose();
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

    /// <summary>The test domain and BALs of each type, created on first start and kept afterwards.</summary>
    private static async Task<IReadOnlyList<SandboxManifest.AccountEntry>> EnsureAccountsAsync(IMailStore store, TestPkiLayout pki, CliContext context, CancellationToken cancellationToken)
    {
        var admin = new BalAdministration(store, context.Clock, "sandbox");
        if (await store.Directory.FindDomainAsync(Domain, cancellationToken) is null)
        {
            await admin.AddDomainAsync(Domain, cancellationToken);
        }

        var structure = TestPki.DefaultClient.IdNatStruc;
        var wanted = new[]
        {
            new BalRequest($"jean.dupont@{Domain}", BalType.Per, PerHolder, null, [], false),
            new BalRequest($"secretariat@{Domain}", BalType.Org, null, structure, [PerHolder, Colleague], false),
            new BalRequest($"dpi@{Domain}", BalType.App, null, structure, [], false),
        };
        foreach (var request in wanted)
        {
            if (await store.Directory.FindBalAsync(request.Address, cancellationToken) is null)
            {
                await admin.AddBalAsync(request, cancellationToken);
            }
        }

        return
        [
            new($"jean.dupont@{Domain}", "PER", IdNat: PerHolder),
            new($"secretariat@{Domain}", "ORG", IdNatStruc: structure, AuthorizedIdNats: [PerHolder, Colleague]),
            new($"dpi@{Domain}", "APP", IdNatStruc: structure, Certificate: pki.ClientCertificate(TestPki.DefaultClientName), Key: pki.ClientKey(TestPki.DefaultClientName)),
        ];
    }

    private static string Summary(string root, SandboxManifest manifest, ListenerPorts ports)
    {
        var (ca, certificate, key, dir) = (Quote(manifest.Ca), Quote(manifest.Accounts[2].Certificate!), Quote(manifest.Accounts[2].Key!), Quote(root));
        var p = (int port) => port.ToString(CultureInfo.InvariantCulture);
        return $"""
            OpenMSS sandbox running: {SandboxManifest.PathIn(root)}
              PSC sandbox   {manifest.Psc.Issuer} (control page {manifest.Psc.Control})
              IMAP          127.0.0.1:{p(ports.ImapPsc)} (PSC)   127.0.0.1:{p(ports.ImapAuthCli)} (AUTH_CLI)   STARTTLS
              Submission    127.0.0.1:{p(ports.SubmissionPsc)} (PSC)   127.0.0.1:{p(ports.SubmissionAuthCli)} (AUTH_CLI)   STARTTLS
              DNS           {manifest.Dns} (UDP and TCP): SRV autoconfiguration of {Domain}; CRL {manifest.Crl}
              Accounts      jean.dupont@{Domain} (PER, IdNat {PerHolder}), secretariat@{Domain} (ORG), dpi@{Domain} (APP, certificate {certificate})

            Send a message as Dr Jean DUPONT (PSC token) and read it back:
              TOKEN=$({Launcher()} psc token --sandbox {dir} --idnat {PerHolder})
              printf 'Subject: hello\r\n\r\nHello.\r\n' > /tmp/hello.eml
              curl -sS --url smtp://127.0.0.1:{p(ports.SubmissionPsc)} --ssl-reqd --cacert {ca} --oauth2-bearer "$TOKEN" --login-options AUTH=XOAUTH2 --user jean.dupont@{Domain} --mail-from jean.dupont@{Domain} --mail-rcpt jean.dupont@{Domain} --upload-file /tmp/hello.eml
              curl -sS --url 'imap://127.0.0.1:{p(ports.ImapPsc)}/INBOX;UID=1' --ssl-reqd --cacert {ca} --oauth2-bearer "$TOKEN" --login-options AUTH=XOAUTH2 --user jean.dupont@{Domain}

            The same with the DPI's certificate (BAL APP):
              curl -sS --url smtp://127.0.0.1:{p(ports.SubmissionAuthCli)} --ssl-reqd --cacert {ca} --cert {certificate} --key {key} --user dpi@{Domain}: --login-options AUTH=PLAIN --mail-from dpi@{Domain} --mail-rcpt dpi@{Domain} --upload-file /tmp/hello.eml
              curl -sS --url 'imap://127.0.0.1:{p(ports.ImapAuthCli)}/INBOX;UID=1' --ssl-reqd --cacert {ca} --cert {certificate} --key {key} --user dpi@{Domain}: --login-options AUTH=PLAIN

            Through the LPS SDK (DNS SRV autoconfiguration, CRL-checked trust): Dr DUPONT writes to the DPI, which reads it:
              {Launcher()} lps send --from jean.dupont@{Domain} --to dpi@{Domain} --subject hello --nil DEV1 --token-command "{Launcher()} psc token --sandbox {dir} --idnat {PerHolder}" --ca {ca} --dns {manifest.Dns}
              {Launcher()} lps fetch dpi@{Domain} --out /tmp/openmss-dpi --cert {certificate} --key {key} --ca {ca} --dns {manifest.Dns}

            Stop with Ctrl-C; mail, BALs and PKI stay in {root}.
            """;
    }

    /// <summary>How to call openmss from where the user is: the ./openmss wrapper names itself in OPENMSS_LAUNCHER.</summary>
    private static string Launcher()
    {
        var launcher = Environment.GetEnvironmentVariable("OPENMSS_LAUNCHER");
        if (string.IsNullOrEmpty(launcher))
        {
            return "openmss";
        }

        return Path.GetDirectoryName(launcher) == Environment.CurrentDirectory ? "./openmss" : Quote(launcher);
    }

    /// <summary>A path as one shell word, so the printed commands paste as they are.</summary>
    private static string Quote(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+:@".Contains(c)) ? path : $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
