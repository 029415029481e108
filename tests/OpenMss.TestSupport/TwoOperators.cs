using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeliveryStatusNotification = MailKit.DeliveryStatusNotification;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Hosting;
using OpenMss.Pki;
using OpenMss.Sandbox;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.TestSupport;

/// <summary>
/// Two operators as two <c>openmss serve</c> processes, A on 127.0.0.1 and B on 127.0.0.2 with the same ports (as
/// two hosts would have), a test PKI that issued each MTA's certificate, a DNS server with their MX records and a
/// whitelist naming both. Each operator hosts a BAL APP (dpi@) that submits with the PKI's client certificate and a
/// BAL PER (jean.dupont@) that receives.
/// </summary>
public sealed class TwoOperators : IAsyncDisposable
{
    public static readonly SandboxOperator A = new("operateur-a.mssante.test", IPAddress.Parse("127.0.0.1"), "Operateur A", "1750000001");
    public static readonly SandboxOperator B = new("operateur-b.mssante.test", IPAddress.Parse("127.0.0.2"), "Operateur B", "2130000002");

    private readonly Dictionary<SandboxOperator, Process> _processes = [];
    private readonly Dictionary<SandboxOperator, StringBuilder> _logs = [];
    private readonly SandboxDnsServer _dns;

    private TwoOperators(TempDirectory directory, TestPkiLayout pki, SandboxDnsServer dns, ListenerPorts ports, (string Whitelist, string Checksum) whitelist)
    {
        Directory = directory;
        Pki = pki;
        _dns = dns;
        Ports = ports;
        Whitelist = whitelist;
    }

    public TempDirectory Directory { get; }

    public TestPkiLayout Pki { get; }

    public ListenerPorts Ports { get; }

    public (string Whitelist, string Checksum) Whitelist { get; }

    /// <summary>Store arguments per operator (--data DIR by default; a test may give --store CONNECTION).</summary>
    public Dictionary<SandboxOperator, string[]> StoreArguments { get; } = [];

    /// <summary>Extra --Key=value settings for both operators (retry schedule, leases).</summary>
    public List<string> Settings { get; } = ["--Mta:MinimalBackoff=00:00:01", "--Mta:MaximalBackoff=00:00:02", "--Mta:PollInterval=00:00:00.200"];

    public static async Task<TwoOperators> CreateAsync()
    {
        var directory = new TempDirectory();
        var pki = TestPki.Init(directory.Combine("pki"), TestPki.DefaultServerHosts, TestPki.DefaultClient, DateTimeOffset.UtcNow);
        var ports = new ListenerPorts(Repository.FreePortBase());
        var zone = new SandboxZone();
        var whitelist = SandboxTrustSpace.Prepare(pki, [A, B], zone, null, DateTimeOffset.UtcNow);
        var dns = SandboxDnsServer.Start(zone, new IPEndPoint(IPAddress.Loopback, ports.Dns));
        var operators = new TwoOperators(directory, pki, dns, ports, whitelist);
        foreach (var member in new[] { A, B })
        {
            operators.StoreArguments[member] = ["--data", directory.Combine(member.Domain)];
        }

        await Task.CompletedTask;
        return operators;
    }

    /// <summary>Creates the operator's domain and BALs (once per store).</summary>
    public async Task PrepareAsync(SandboxOperator member)
    {
        await using var store = await OpenStoreAsync(member);
        var admin = new BalAdministration(store, TimeProvider.System, "test");
        if (await store.Directory.FindDomainAsync(member.Domain, default) is null)
        {
            await admin.AddDomainAsync(member.Domain, default);
            await admin.AddBalAsync(new BalRequest($"jean.dupont@{member.Domain}", BalType.Per, "810001234567", null, [], false), default);
            await admin.AddBalAsync(new BalRequest($"dpi@{member.Domain}", BalType.App, null, TestPki.DefaultClient.IdNatStruc, [], false), default);
        }
    }

    public Task<IMailStore> OpenStoreAsync(SandboxOperator member) => StoreOpener.OpenAsync(
        StoreArguments[member] is ["--data", var path] ? OpenMss.Operator.Hosting.StoreLocation.Embedded(path) : OpenMss.Operator.Hosting.StoreLocation.Postgres(StoreArguments[member][1]),
        default);

    /// <summary>Starts the operator's server and waits until its MTA and submission listeners accept connections.</summary>
    public async Task StartAsync(SandboxOperator member, params string[] extra)
    {
        await PrepareAsync(member);
        var arguments = new List<string>(StoreArguments[member])
        {
            "serve", "--ports-base", Ports.Base.ToString(CultureInfo.InvariantCulture),
            $"--Tls:Certificate={Pki.ClientCertificate(member.CertificateName)}", $"--Tls:Key={Pki.ClientKey(member.CertificateName)}",
            $"--AuthCli:TrustAnchors:0={Pki.TrustAnchor}", $"--AuthCli:Intermediates:0={Pki.OrganisationsCa}",
            $"--Mta:TrustAnchors:0={Pki.TrustAnchor}", $"--Mta:Intermediates:0={Pki.ServersCa}",
            $"--Mta:Dns=127.0.0.1:{Ports.Dns.ToString(CultureInfo.InvariantCulture)}", $"--Mta:PeerPort={Ports.Mta.ToString(CultureInfo.InvariantCulture)}",
            $"--Mta:HostName={member.MxHost}", $"--Mta:Address={member.Address}",
            $"--Submission:Address={member.Address}", $"--Imap:Address={member.Address}", $"--Admin:Address={member.Address}",
            "--Submission:HostName=localhost",
            $"--Whitelist:Source={Whitelist.Whitelist}", $"--Whitelist:Checksum={Whitelist.Checksum}",
            "--Logging:LogLevel:Default=Warning",
        };
        arguments.AddRange(Settings);
        arguments.AddRange(extra);
        var process = ProcessRunner.Start(Repository.Wrapper, arguments, Directory.Path);
        var log = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _processes[member] = process;
        _logs[member] = log;
        try
        {
            await WaitForPortAsync(member.Address, Ports.Mta, process);
            await WaitForPortAsync(member.Address, Ports.SubmissionAuthCli, process);
        }
        catch (InvalidOperationException e)
        {
            await process.WaitForExitAsync();
            throw new InvalidOperationException($"{e.Message} Its output: {Log(member)}", e);
        }
    }

    public string Log(SandboxOperator member)
    {
        lock (_logs[member])
        {
            return _logs[member].ToString();
        }
    }

    /// <summary>SIGKILL: no shutdown, nothing flushed beyond what was committed.</summary>
    public async Task KillAsync(SandboxOperator member)
    {
        var process = _processes[member];
        process.Kill();
        await process.WaitForExitAsync();
    }

    public bool IsRunning(SandboxOperator member) => _processes.TryGetValue(member, out var process) && !process.HasExited;

    /// <summary>Submits a message as dpi@ of <paramref name="from"/> on its AUTH_CLI front (the client certificate of the PKI).</summary>
    public async Task SubmitAsync(SandboxOperator from, IEnumerable<string> recipients, string subject, DeliveryStatusNotification? notify = null, int bodyBytes = 200)
    {
        using var client = await SubmissionClientAsync(from);
        await SubmitAsync(client, from, recipients, subject, notify, bodyBytes);
        await client.DisconnectAsync(true);
    }

    public async Task<NotifyingSmtpClient> SubmissionClientAsync(SandboxOperator from)
    {
        var client = new NotifyingSmtpClient { CheckCertificateRevocation = false };
        client.ServerCertificateValidationCallback = (_, certificate, _, _) => certificate is not null;
        client.ClientCertificates = [X509Certificate2.CreateFromPemFile(Pki.ClientCertificate(TestPki.DefaultClientName), Pki.ClientKey(TestPki.DefaultClientName))];
        await client.ConnectAsync(from.Address.ToString(), Ports.SubmissionAuthCli, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(new SaslMechanismPlain($"dpi@{from.Domain}", ""));
        return client;
    }

    public static async Task SubmitAsync(NotifyingSmtpClient client, SandboxOperator from, IEnumerable<string> recipients, string subject, DeliveryStatusNotification? notify = null, int bodyBytes = 200)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse($"dpi@{from.Domain}"));
        foreach (var recipient in recipients)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = new string('x', bodyBytes) };
        client.Notify = notify;
        await client.SendAsync(message);
    }

    /// <summary>The subjects in a BAL's INBOX, read from the store (as IMAP would show them), waiting up to <paramref name="timeout"/> for <paramref name="count"/>.</summary>
    public async Task<List<string>> WaitForInboxAsync(SandboxOperator member, string local, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var subjects = await InboxSubjectsAsync(member, local);
            if (subjects.Count >= count || DateTime.UtcNow > deadline)
            {
                return subjects;
            }

            await Task.Delay(100);
        }
    }

    public async Task<List<string>> InboxSubjectsAsync(SandboxOperator member, string local)
    {
        var messages = await InboxAsync(member, local);
        return [.. messages.Select(m => m.Headers["Subject"] ?? "")];
    }

    public async Task<List<MimeMessage>> InboxAsync(SandboxOperator member, string local)
    {
        await using var store = await OpenStoreAsync(member);
        var bal = await store.Directory.FindBalAsync($"{local}@{member.Domain}", default);
        var inbox = await store.Mailboxes.FindFolderAsync(bal!.Id, "INBOX", default);
        var list = new List<MimeMessage>();
        foreach (var record in await store.Mailboxes.FetchAsync(inbox!.Id, UidSet.All, default))
        {
            await using var blob = await store.Mailboxes.OpenBlobAsync(record.BlobId, default);
            list.Add(await MimeMessage.LoadAsync(blob));
        }

        return list;
    }

    private static async Task WaitForPortAsync(IPAddress address, int port, Process server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(address, port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(200);
            }
            catch (System.Net.Sockets.SocketException) when (server.HasExited)
            {
                throw new InvalidOperationException($"openmss serve exited with {server.ExitCode} before listening on {address}:{port}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Values)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        await _dns.DisposeAsync();
        Directory.Dispose();
    }
}

/// <summary>MailKit's client with RFC 3461 NOTIFY per message, as an LPS would ask for it.</summary>
public sealed class NotifyingSmtpClient : SmtpClient
{
    public DeliveryStatusNotification? Notify { get; set; }

    protected override DeliveryStatusNotification? GetDeliveryStatusNotifications(MimeMessage message, MailboxAddress mailbox) => Notify;
}
