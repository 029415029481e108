using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Hosting;
using OpenMss.Pki;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary>
/// kill -9 of <c>openmss serve</c> while clients submit: every acknowledged message is there after the crash, and no
/// message whose content was not completely sent is. (A message fully sent but killed before its 250 may be there:
/// the window RFC 5321 §6.1 accepts; the client resends and a duplicate is possible, never a loss.)
/// </summary>
public sealed class SubmissionCrashTests : IDisposable
{
    private const string Domain = "operateur-a.mssante.test";
    private const string App = $"dpi@{Domain}";
    private const string Target = $"jean.dupont@{Domain}";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public Task Sqlite_loses_no_acknowledged_message_and_shows_no_partial_one() =>
        CrashAsync(["--data", _directory.Combine("data")], async () => await Storage.Sqlite.SqliteMailStore.OpenAsync(_directory.Combine("data"), default));

    [Fact]
    public async Task Postgres_loses_no_acknowledged_message_and_shows_no_partial_one()
    {
        await using var database = await TestPostgres.CreateAsync();
        await CrashAsync(["--store", database.ConnectionString], async () => await Storage.Postgres.PostgresMailStore.OpenAsync(database.ConnectionString, default));
    }

    private async Task CrashAsync(string[] storeArguments, Func<Task<IMailStore>> openStore)
    {
        await using (var store = await openStore())
        {
            var admin = new BalAdministration(store, TimeProvider.System, "test");
            await admin.AddDomainAsync(Domain, default);
            await admin.AddBalAsync(new BalRequest(Target, BalType.Per, "810001234567", null, [], false), default);
            await admin.AddBalAsync(new BalRequest(App, BalType.App, null, TestPki.DefaultClient.IdNatStruc, [], false), default);
        }

        var pki = RunningSandbox.Pki;
        var ports = FreePorts();
        using var server = ProcessRunner.Start(Repository.Wrapper,
        [
            .. storeArguments, "serve", "--ports-base", ports.Base.ToString(CultureInfo.InvariantCulture),
            $"--Tls:Certificate={pki.Server}", $"--Tls:Key={pki.ServerKey}", $"--AuthCli:TrustAnchors:0={pki.TrustAnchor}",
            "--Submission:HostName=localhost", "--Logging:LogLevel:Default=Warning",
        ], _directory.Path);
        var sentFully = new ConcurrentDictionary<string, bool>();
        var acknowledged = new ConcurrentDictionary<string, bool>();
        try
        {
            await Repository.WaitForPortAsync(ports.SubmissionAuthCli, server);
            using var certificate = X509Certificate2.CreateFromPemFile(pki.ClientCertificate(TestPki.DefaultClientName), pki.ClientKey(TestPki.DefaultClientName));
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 4).Select(n => Task.Run(() => SubmitUntilKilledAsync(n, ports.SubmissionAuthCli, certificate, sentFully, acknowledged, stop.Token))).ToArray();

            // Let messages flow, then kill the server mid-stream, without warning.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (acknowledged.Count < 40 && DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(50);
            }

            server.Kill();
            await server.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(clients);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }

        acknowledged.Count.ShouldBeGreaterThanOrEqualTo(40);
        var stored = new List<string>();
        await using (var store = await openStore())
        {
            var bal = (await store.Directory.FindBalAsync(Target, default))!;
            var inbox = (await store.Mailboxes.FindFolderAsync(bal.Id, "INBOX", default))!;
            foreach (var message in await store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default))
            {
                await using var blob = await store.Mailboxes.OpenBlobAsync(message.BlobId, default);
                using var reader = new StreamReader(blob);
                var text = await reader.ReadToEndAsync();
                text.Length.ShouldBe((int)message.Size);
                stored.Add(text.Split("\r\nSubject: ")[1].Split("\r\n")[0]);
            }
        }

        acknowledged.Keys.Except(stored).ShouldBeEmpty("acknowledged messages were lost");
        stored.Except(sentFully.Keys).ShouldBeEmpty("a message whose content was not completely sent is visible");
    }

    private static ListenerPorts FreePorts() => new(Repository.FreePortBase());

    private static async Task SubmitUntilKilledAsync(int client, int port, X509Certificate2 certificate, ConcurrentDictionary<string, bool> sentFully, ConcurrentDictionary<string, bool> acknowledged, CancellationToken stop)
    {
        var body = string.Concat(Enumerable.Repeat(new string('x', 76) + "\r\n", 300));
        try
        {
            await using var smtp = await RawSmtpClient.ConnectAsync(port);
            await smtp.SecureAsync(certificate);
            (await smtp.CommandAsync("AUTH PLAIN " + Convert.ToBase64String(Encoding.ASCII.GetBytes($"\0{App}\0")))).Code.ShouldBe(235);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var subject = $"crash-{client}-{n}";
                await smtp.SendAsync($"MAIL FROM:<{App}>\r\nRCPT TO:<{Target}>\r\nDATA\r\n");
                for (var i = 0; i < 3; i++)
                {
                    await smtp.ReadReplyAsync();
                }

                // Half the content, then the rest: the kill may land anywhere in between.
                await smtp.SendAsync($"Subject: {subject}\r\n\r\n{body[..(body.Length / 2)]}");
                await smtp.SendAsync($"{body[(body.Length / 2)..]}.\r\n");
                sentFully[subject] = true;
                if ((await smtp.ReadReplyAsync()).Code == 250)
                {
                    acknowledged[subject] = true;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // The server died: what was acknowledged so far is what counts.
        }
    }
}
