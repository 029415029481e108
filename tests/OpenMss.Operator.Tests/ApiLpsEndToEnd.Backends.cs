using OpenMss.Operator.Hosting;
using OpenMss.Storage;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

public sealed class SqliteApiLpsEndToEndTests : ApiLpsEndToEnd
{
    private readonly TempDirectory _directory = new();

    protected override async Task<IMailStore> OpenStoreAsync() => await StoreOpener.OpenAsync(new StoreLocation(_directory.Path, null), default);

    protected override Task CleanUpAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class PostgresApiLpsEndToEndTests : ApiLpsEndToEnd
{
    private TestPostgres _database = null!;

    protected override async Task<IMailStore> OpenStoreAsync()
    {
        _database = await TestPostgres.CreateAsync();
        return await StoreOpener.OpenAsync(new StoreLocation(null, _database.ConnectionString), default);
    }

    protected override async Task CleanUpAsync() => await _database.DisposeAsync();

    /// <summary>Two operator nodes on one PostgreSQL: IDLE on one is pushed what SMTP submission commits on the other (LISTEN/NOTIFY).</summary>
    [Fact]
    public async Task Idle_on_one_node_is_pushed_a_message_submitted_on_another()
    {
        var other = FreePorts();
        using var directory = new TempDirectory();
        using var node = ProcessRunner.Start(Repository.Wrapper,
            ["--store", _database.ConnectionString, "serve", "--ports-base", other.Base.ToString(System.Globalization.CultureInfo.InvariantCulture), .. HostArguments()],
            directory.Path);
        try
        {
            await Repository.WaitForPortAsync(other.SubmissionPsc, node);
            var token = await Psc.TokenAsync(Holder);
            var script = $$"""
                import imaplib, smtplib, ssl, base64, os
                ca = ssl.create_default_context(cafile='{{Pki.TrustAnchor}}')
                tok = os.environ['TOKEN']
                m = imaplib.IMAP4('127.0.0.1', {{Ports.ImapPsc}})
                m.starttls(ssl_context=ca)
                m.authenticate('XOAUTH2', lambda _: f"user={{Per}}\x01auth=Bearer {tok}\x01\x01".encode())
                m.select('INBOX')
                tag = m._new_tag().decode()
                m.send(f'{tag} IDLE\r\n'.encode())
                print('idle', m.readline().strip())
                s = smtplib.SMTP('127.0.0.1', {{other.SubmissionPsc}})
                s.starttls(context=ca)
                s.ehlo('lps.test')
                s.docmd('AUTH', 'XOAUTH2 ' + base64.b64encode(f"user={{Per}}\x01auth=Bearer {tok}\x01\x01".encode()).decode())
                s.sendmail('{{Per}}', ['{{Per}}'], b'Subject: other node\r\n\r\nnew\r\n')
                s.quit()
                print('pushed', m.readline().strip())
                m.send(b'DONE\r\n')
                m.readline()
                m.logout()
                """;

            var python = await PythonAsync(script, new Dictionary<string, string> { ["TOKEN"] = token });

            python.ExitCode.ShouldBe(0, python.Error);
            python.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["idle b'+ idling'", "pushed b'* 1 EXISTS'"]);
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }
    }
}
