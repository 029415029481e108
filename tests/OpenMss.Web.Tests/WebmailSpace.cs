using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenMss.Lps.Autoconfiguration;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Hosting;
using OpenMss.Psc.Sandbox;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Web.Tests;

/// <summary>
/// The PSC sandbox, operator A (its API LPS fronts over an embedded store) and the webmail, in this process over
/// HTTPS on loopback; the webmail reaches mail only through A's PSC fronts.
/// </summary>
internal sealed class WebmailSpace : IAsyncDisposable
{
    public const string Domain = "operateur-a.mssante.test";
    public const string Holder = "810001234567";
    public const string Per = $"jean.dupont@{Domain}";
    public const string Org = $"secretariat@{Domain}";

    private readonly TempDirectory _directory = new();
    private WebApplication? _operator;
    private WebApplication? _webmail;

    public RunningSandbox Psc { get; private set; } = null!;

    public IMailStore Store { get; private set; } = null!;

    /// <summary>The operator's backup way in, shared by its fronts (Backup:Key) and the webmail.</summary>
    public Operator.Backup.BackupOptions Backup { get; private set; } = new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), new HashSet<System.Net.IPAddress> { System.Net.IPAddress.Loopback });

    public Uri Webmail { get; private set; } = null!;

    /// <summary>The webmail by a host name, where security keys work.</summary>
    public Uri WebmailByName { get; private set; } = null!;

    /// <summary>Operator A's PSC fronts, as an LPS reaches them.</summary>
    public MssEndpoints Fronts { get; private set; } = null!;

    /// <summary>The webmail's server-side login sessions.</summary>
    public ServerSideTickets Tickets => _webmail!.Services.GetRequiredService<ServerSideTickets>();

    /// <param name="backupWhilePscUp">The operator's policy opens the backup login while PSC is up too.</param>
    public static async Task<WebmailSpace> StartAsync(bool backupWhilePscUp = false)
    {
        var space = new WebmailSpace();
        try
        {
            await space.InitializeAsync(backupWhilePscUp);
            return space;
        }
        catch
        {
            await space.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync(bool backupWhilePscUp)
    {
        // The webmail's port is chosen first: PSC must know its back-channel logout URI.
        var port = Repository.FreePort();
        // WebAuthn takes no IP address as relying party id: security keys are used at https://localhost (WebmailByName).
        WebmailByName = new Uri($"https://localhost:{port}/");
        Backup = Backup with { SecurityKeyOrigins = [WebmailByName] };
        var webmailClient = SandboxDirectory.Defaults.FindClient(SandboxDirectory.WebmailClientId)! with { BackchannelLogoutUri = $"https://127.0.0.1:{port}/backchannel-logout" };
        var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        roots.ImportFromPemFile(RunningSandbox.Pki.TrustAnchor);
        Psc = await RunningSandbox.StartAsync(settings => settings with
        {
            Directory = SandboxDirectory.Defaults with { Clients = [.. SandboxDirectory.Defaults.Clients.Where(c => c.ClientId != webmailClient.ClientId), webmailClient] },
            BackchannelRoots = roots,
        });
        Store = await StoreOpener.OpenAsync(new StoreLocation(_directory.Path, null), default);
        var admin = new BalAdministration(Store, TimeProvider.System, "test");
        await admin.AddDomainAsync(Domain, default);
        await admin.AddBalAsync(new BalRequest(Per, BalType.Per, Holder, null, [], false), default);
        await admin.AddBalAsync(new BalRequest(Org, BalType.Org, null, "1750000001", [Holder], false), default);
        await admin.AddBalAsync(new BalRequest($"marie.martin@{Domain}", BalType.Per, "810002345678", null, [], false), default);
        var pki = RunningSandbox.Pki;
        ListenerPorts ports = null!;
        for (var attempt = 1; ; attempt++)
        {
            ports = new ListenerPorts(Repository.FreePortBase());
            _operator = OperatorHost.Build(
                [
                    $"--Tls:Certificate={pki.Server}", $"--Tls:Key={pki.ServerKey}", $"--Psc:Issuer={Psc.Issuer}",
                    $"--Psc:ClientId={RunningSandbox.Operator.ClientId}", $"--Psc:ClientSecret={RunningSandbox.Operator.Secret}",
                    $"--Psc:TrustedCa={pki.TrustAnchor}", "--Submission:TrustSpace:0=.mssante.test", "--Submission:HostName=localhost",
                    "--Logging:LogLevel:Default=Warning",
                    $"--Backup:Key={Convert.ToBase64String(Backup.Key)}", "--Backup:WebmailAddresses:0=127.0.0.1",
                ],
                Store,
                ports);
            try
            {
                await _operator.StartAsync();
                break;
            }
            catch (IOException) when (attempt < 5)
            {
                await _operator.DisposeAsync();
            }
        }

        var (certificate, chain) = pki.LoadServer();
        _webmail = WebmailHost.Build(
            new WebmailSettings
            {
                PscIssuer = Psc.Issuer,
                ClientId = webmailClient.ClientId,
                ClientSecret = webmailClient.Secret,
                Port = port,
                PscTrustedCa = pki.TrustAnchor,
                Fronts = Fronts = MssEndpoints.Explicit(new ServiceEndpoint("localhost", ports.ImapPsc), new ServiceEndpoint("localhost", ports.SubmissionPsc)),
                FrontsTrustedCa = pki.TrustAnchor,
                Certificate = certificate,
                CertificateChain = chain,
                Backup = new Sandbox.OperatorWebmailBackup(new Operator.Backup.BackupAuthority(Store, Backup, TimeProvider.System)),
                BackupWhilePscUp = backupWhilePscUp,
            },
            Store.Directory);
        await _webmail.StartAsync();
        var address = _webmail.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Webmail = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>Sends a message as an LPS would: the SDK, with <paramref name="idNat"/>'s PSC token, through A's submission front.</summary>
    public async Task SendAsync(string from, Lps.BalType type, string idNat, MimeKit.MimeMessage message)
    {
        var options = new Lps.MssClientOptions { Nil = "OPENMSS-TEST-LPS" };
        options.Trust.AddRootsFromPem(RunningSandbox.Pki.TrustAnchor);
        options.Trust.CheckRevocation = false;
        using var client = new Lps.MssClient(options);
        var token = new Lps.PscAccessToken(await Psc.TokenAsync(idNat), DateTimeOffset.MaxValue);
        await using var mailbox = client.OpenPsc(from, type, Lps.PscTokenSource.Create((_, _) => Task.FromResult(token)), Fronts);
        await mailbox.SendAsync(message);
    }

    /// <summary>Puts a message in a BAL's INBOX as delivery would.</summary>
    public async Task DeliverAsync(string address, string message)
    {
        var bal = (await Store.Directory.FindBalAsync(address, default))!;
        var inbox = (await Store.Mailboxes.FindFolderAsync(bal.Id, "INBOX", default))!;
        await Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(Encoding.UTF8.GetBytes(message)), FlagSet.Empty, DateTimeOffset.UtcNow, 50 << 20, default);
    }

    /// <summary>A BAL's INBOX read from the store, as MimeKit parses each message.</summary>
    public async Task<List<MimeKit.MimeMessage>> InboxAsync(string address)
    {
        var bal = (await Store.Directory.FindBalAsync(address, default))!;
        var inbox = (await Store.Mailboxes.FindFolderAsync(bal.Id, "INBOX", default))!;
        var messages = new List<MimeKit.MimeMessage>();
        foreach (var record in await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default))
        {
            await using var blob = await Store.Mailboxes.OpenBlobAsync(record.BlobId, default);
            messages.Add(await MimeKit.MimeMessage.LoadAsync(blob));
        }

        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        if (_webmail is not null)
        {
            await _webmail.StopAsync();
            await _webmail.DisposeAsync();
        }

        if (_operator is not null)
        {
            await _operator.StopAsync();
            await _operator.DisposeAsync();
        }

        if (Store is not null)
        {
            await Store.DisposeAsync();
        }

        if (Psc is not null)
        {
            await Psc.DisposeAsync();
        }

        _directory.Dispose();
    }
}
