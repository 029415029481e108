using System.Globalization;
using System.Net;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Mssante;
using OpenMss.Pki;
using OpenMss.Sandbox;
using OpenMss.Sandbox.Mes;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Cli.Sandbox;

/// <summary>
/// The sandbox's two operators and what each hosts: A on 127.0.0.1 and B on 127.0.0.2, the same port numbers on
/// each (as two hosts would have), a BAL of every type, its store under DIR/&lt;operator&gt;/store.
/// </summary>
internal static class SandboxOperators
{
    public const string PerHolder = "810001234567";
    public const string Colleague = "810002345678";

    public static readonly SandboxOperator A = new("operateur-a.mssante.test", IPAddress.Parse("127.0.0.1"), "Operateur A", "1750000001");
    public static readonly SandboxOperator B = new("operateur-b.mssante.test", IPAddress.Parse("127.0.0.2"), "Operateur B", "2130000002");

    public static IReadOnlyList<SandboxOperator> All { get; } = [A, B];

    public static string Name(SandboxOperator member) => member.Domain.Split('.')[0];

    public static string StoreDirectory(string root, SandboxOperator member) => Path.Combine(root, Name(member), "store");

    /// <summary>The fronts as the sandbox's DNS publishes them: host names in the operator's zone, the sandbox's ports.</summary>
    public static AutoconfigRecords Fronts(SandboxOperator member, Operator.Hosting.ListenerPorts ports) => new(
        new($"imap-psc.{member.Domain}", ports.ImapPsc),
        new($"imap-authcli.{member.Domain}", ports.ImapAuthCli),
        new($"smtp-psc.{member.Domain}", ports.SubmissionPsc),
        new($"smtp-authcli.{member.Domain}", ports.SubmissionAuthCli));

    /// <summary>The BALs of each type: A's PER is Dr DUPONT's, B's his colleague's; each ORG is shared by both; each APP is the DPI's.</summary>
    private static BalRequest[] Bals(SandboxOperator member)
    {
        var structure = TestPki.DefaultClient.IdNatStruc;
        return member == A
            ?
            [
                new($"jean.dupont@{member.Domain}", BalType.Per, PerHolder, null, [], false),
                new($"secretariat@{member.Domain}", BalType.Org, null, structure, [PerHolder, Colleague], false),
                new($"dpi@{member.Domain}", BalType.App, null, structure, [], false),
            ]
            :
            [
                new($"marie.martin@{member.Domain}", BalType.Per, Colleague, null, [], false),
                new($"accueil@{member.Domain}", BalType.Org, null, structure, [Colleague, PerHolder], false),
                new($"dpi@{member.Domain}", BalType.App, null, structure, [], false),
            ];
    }

    /// <summary>
    /// The domains the operators host beside their own, each in the whitelist under its host's DN: the responders'
    /// on A, Mon espace santé's on B (so that A's professionals reach patients over the MTA, B's locally).
    /// </summary>
    public static IReadOnlyList<(string Domain, SandboxOperator Host)> HostedDomains { get; } = [(SandboxResponders.Domain, A), (MesStandIn.Domain, B)];

    /// <summary>The professional domains of the trust space, from which Mon espace santé takes mail.</summary>
    public static IReadOnlyList<string> ProfessionalDomains { get; } = [.. All.Select(o => o.Domain)];

    /// <summary>The BALs of a hosted domain: APP BALs of the test structure, opened by their applications with the test certificate.</summary>
    private static IReadOnlyList<string> HostedBals(string domain) =>
        domain == SandboxResponders.Domain ? [.. SandboxResponders.All.Select(r => r.Address)] : MesStandIn.Bals;

    /// <summary>The domains <paramref name="member"/> hosts and their BALs (created once).</summary>
    public static async Task EnsureHostedAsync(SandboxOperator member, IMailStore store, CliContext context, CancellationToken cancellationToken)
    {
        var admin = new BalAdministration(store, context.Clock, "sandbox");
        foreach (var (domain, _) in HostedDomains.Where(h => h.Host == member))
        {
            if (await store.Directory.FindDomainAsync(domain, cancellationToken) is null)
            {
                await admin.AddDomainAsync(domain, cancellationToken);
            }

            foreach (var address in HostedBals(domain))
            {
                if (await store.Directory.FindBalAsync(address, cancellationToken) is null)
                {
                    await admin.AddBalAsync(new BalRequest(address, BalType.App, null, TestPki.DefaultClient.IdNatStruc, [], false), cancellationToken);
                }
            }
        }
    }

    /// <summary>The operator's domain and BALs, created on first start and kept afterwards; returned as sandbox.json lists them.</summary>
    public static async Task<IReadOnlyList<SandboxManifest.AccountEntry>> EnsureAccountsAsync(SandboxOperator member, IMailStore store, TestPkiLayout pki, CliContext context, CancellationToken cancellationToken)
    {
        var admin = new BalAdministration(store, context.Clock, "sandbox");
        if (await store.Directory.FindDomainAsync(member.Domain, cancellationToken) is null)
        {
            await admin.AddDomainAsync(member.Domain, cancellationToken);
        }

        var accounts = new List<SandboxManifest.AccountEntry>();
        foreach (var request in Bals(member))
        {
            if (await store.Directory.FindBalAsync(request.Address, cancellationToken) is null)
            {
                await admin.AddBalAsync(request, cancellationToken);
            }

            accounts.Add(request.Type switch
            {
                BalType.Per => new(request.Address, "PER", IdNat: request.IdNat),
                BalType.Org => new(request.Address, "ORG", IdNatStruc: request.IdNatStruc, AuthorizedIdNats: request.AuthorizedIdNats),
                _ => new(request.Address, "APP", IdNatStruc: request.IdNatStruc, Certificate: pki.ClientCertificate(TestPki.DefaultClientName), Key: pki.ClientKey(TestPki.DefaultClientName)),
            });
        }

        return accounts;
    }

    /// <summary>The operator's configuration: its fronts on its address, its MTA with its own certificate, the sandbox's DNS and whitelist.</summary>
    public static string[] Configuration(SandboxOperator member, TestPkiLayout pki, Operator.Hosting.ListenerPorts ports, (string ClientId, string Secret, string Issuer) psc, (string Whitelist, string Checksum) whitelist, string annuaireFhir, ServerKeyType frontKey = ServerKeyType.Rsa)
    {
        var port = (int value) => value.ToString(CultureInfo.InvariantCulture);
        return
        [
            frontKey == ServerKeyType.Rsa ? $"--Tls:Certificate={pki.Server}" : $"--Tls:Certificate={pki.ServerEcdsa}",
            frontKey == ServerKeyType.Rsa ? $"--Tls:Key={pki.ServerKey}" : $"--Tls:Key={pki.ServerEcdsaKey}",
            $"--Psc:Issuer={psc.Issuer}", $"--Psc:ClientId={psc.ClientId}", $"--Psc:ClientSecret={psc.Secret}", $"--Psc:TrustedCa={pki.TrustAnchor}",
            $"--AuthCli:TrustAnchors:0={pki.TrustAnchor}",
            "--Submission:TrustSpace:0=.mssante.test", "--Submission:HostName=localhost", "--Imap:HostName=localhost",
            $"--Submission:Address={member.Address}", $"--Imap:Address={member.Address}", $"--Admin:Address={member.Address}",
            $"--Mta:Address={member.Address}", $"--Mta:HostName={member.MxHost}",
            $"--Mta:Certificate={pki.ClientCertificate(member.CertificateName)}", $"--Mta:Key={pki.ClientKey(member.CertificateName)}",
            $"--Mta:TrustAnchors:0={pki.TrustAnchor}", $"--Mta:Intermediates:0={pki.ServersCa}",
            $"--Mta:Dns=127.0.0.1:{port(ports.Dns)}", $"--Mta:PeerPort={port(ports.Mta)}",
            // A sandbox retries sooner than a production MTA (5 minutes), so that a stopped peer is quickly caught up.
            "--Mta:MinimalBackoff=00:00:10", "--Mta:MaximalBackoff=00:05:00",
            $"--Whitelist:Source={whitelist.Whitelist}", $"--Whitelist:Checksum={whitelist.Checksum}",
            // Declarations go to the sandbox's Annuaire at once, and are retried soon when it refuses one.
            $"--Annuaire:Fhir={annuaireFhir}", $"--Annuaire:ApiKey={OpenMss.Sandbox.Annuaire.AnnuaireStandIn.ApiKey}", $"--Annuaire:TrustedCa={pki.TrustAnchor}",
            "--Annuaire:PollInterval=00:00:01",
            "--Logging:LogLevel:Default=Warning",
        ];
    }
}
