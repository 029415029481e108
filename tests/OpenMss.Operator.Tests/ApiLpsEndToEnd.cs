using System.Globalization;
using Microsoft.AspNetCore.Builder;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Hosting;
using OpenMss.Pki;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

/// <summary>
/// The operator's API LPS end to end (SMTP submission and IMAP), driven by real clients (curl, python3 smtplib and
/// imaplib, openssl s_client) over loopback, TLS verified against the test CA, the PSC sandbox validating tokens;
/// run on each store backend.
/// </summary>
public abstract partial class ApiLpsEndToEnd : IAsyncLifetime
{
    protected const string Domain = "operateur-a.mssante.test";
    protected const string Holder = "810001234567";
    protected const string Per = $"jean.dupont@{Domain}";
    protected const string Org = $"secretariat@{Domain}";
    protected const string App = $"dpi@{Domain}";
    private WebApplication _host = null!;

    protected IMailStore Store { get; private set; } = null!;

    protected RunningSandbox Psc { get; private set; } = null!;

    /// <summary>The server grants access before its authentication records commit: wait for them before reading the audit.</summary>
    protected Task AuthenticationsCommittedAsync() =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<OpenMss.Operator.Authentication.AuthenticationJournal>(_host.Services).FlushAsync(default);

    protected ListenerPorts Ports { get; private set; } = null!;

    protected static TestPkiLayout Pki => RunningSandbox.Pki;

    /// <summary>Opens the store as <c>openmss</c> does (<see cref="StoreOpener"/>), with its IMAP view builder.</summary>
    protected abstract Task<IMailStore> OpenStoreAsync();

    protected abstract Task CleanUpAsync();

    public async Task InitializeAsync()
    {
        Psc = await RunningSandbox.StartAsync();
        Store = await OpenStoreAsync();
        var admin = new BalAdministration(Store, TimeProvider.System, "test");
        await admin.AddDomainAsync(Domain, default);
        await admin.AddBalAsync(new BalRequest(Per, BalType.Per, Holder, null, [], false), default);
        await admin.AddBalAsync(new BalRequest(Org, BalType.Org, null, "1750000001", [Holder], false), default);
        await admin.AddBalAsync(new BalRequest(App, BalType.App, null, TestPki.DefaultClient.IdNatStruc, [], false), default);
        // Fixed ports are checked free, then bound: another test process may take one in between, so retry.
        for (var attempt = 1; ; attempt++)
        {
            Ports = FreePorts();
            _host = OperatorHost.Build([.. HostArguments()], Store, Ports);
            try
            {
                await _host.StartAsync();
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                await _host.DisposeAsync();
            }
        }
    }

    /// <summary>The operator's configuration in these tests: TLS, the PSC sandbox, the test PKI for AUTH_CLI.</summary>
    protected IEnumerable<string> HostArguments() =>
        [
            $"--Tls:Certificate={Pki.Server}",
            $"--Tls:Key={Pki.ServerKey}",
            $"--Psc:Issuer={Psc.Issuer}",
            $"--Psc:ClientId={RunningSandbox.Operator.ClientId}",
            $"--Psc:ClientSecret={RunningSandbox.Operator.Secret}",
            $"--Psc:TrustedCa={Pki.TrustAnchor}",
            $"--AuthCli:TrustAnchors:0={Pki.TrustAnchor}",
            "--Submission:TrustSpace:0=.mssante.test",
            "--Submission:HostName=localhost",
            "--Logging:LogLevel:Default=Warning",
        ];

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
        await Store.DisposeAsync();
        await Psc.DisposeAsync();
        await CleanUpAsync();
    }

    protected static ListenerPorts FreePorts() => new(Repository.FreePortBase());

    protected async Task<IReadOnlyList<string>> InboxAsync(string address)
    {
        var bal = (await Store.Directory.FindBalAsync(address, default))!;
        var inbox = (await Store.Mailboxes.FindFolderAsync(bal.Id, "INBOX", default))!;
        var texts = new List<string>();
        foreach (var message in await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default))
        {
            await using var blob = await Store.Mailboxes.OpenBlobAsync(message.BlobId, default);
            using var reader = new StreamReader(blob);
            texts.Add(await reader.ReadToEndAsync());
        }

        return texts;
    }

    protected static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    protected static async Task<ProcessRunner.Result> PythonAsync(string script, IDictionary<string, string>? environment = null) =>
        await ProcessRunner.RunAsync("python3", ["-c", script], environment: environment, timeout: TimeSpan.FromSeconds(60));
}
