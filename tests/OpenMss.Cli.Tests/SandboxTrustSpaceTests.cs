using System.Net;
using DnsClient;
using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary>
/// <c>openmss sandbox</c> as a trust space: two operators in sandbox.json with their MTA and store, MX records in
/// its DNS, and mail that crosses from A to B and back within seconds, sent and read by python's smtplib and imaplib
/// with PSC tokens, as an LPS would.
/// </summary>
public sealed class SandboxTrustSpaceTests : IAsyncLifetime
{
    private const string DomainB = "operateur-b.mssante.test";
    private SandboxProcess _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxProcess.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Two_operators_with_their_mta_and_mx_exchange_mail_both_ways()
    {
        var operators = _sandbox.Manifest.GetProperty("operators").EnumerateArray().ToList();
        operators.Select(o => o.GetProperty("domain").GetString()).ShouldBe([SandboxProcess.Domain, DomainB]);
        var b = operators[1];
        b.GetProperty("mta").GetString().ShouldStartWith("127.0.0.2:");
        Directory.Exists(b.GetProperty("store").GetString()).ShouldBeTrue();
        var dns = new LookupClient(new LookupClientOptions(new NameServer(_sandbox.Dns)) { UseCache = false });
        var mx = (await dns.QueryAsync(DomainB, QueryType.MX)).Answers.MxRecords().ShouldHaveSingleItem();
        mx.Exchange.Value.ShouldBe("mx.operateur-b.mssante.test.");
        (await dns.QueryAsync("mx.operateur-b.mssante.test", QueryType.A)).Answers.ARecords().ShouldHaveSingleItem().Address.ShouldBe(IPAddress.Parse("127.0.0.2"));

        string Endpoint(int index, string front, string kind) => operators[index].GetProperty(front).GetProperty(kind).GetString()!;
        var script = $$"""
            import imaplib, smtplib, ssl, os, time
            ca = ssl.create_default_context(cafile='{{_sandbox.Ca}}')
            def xoauth2(user, tok): return f"user={user}\x01auth=Bearer {tok}\x01\x01"
            def send(endpoint, sender, token, to, subject):
                host, port = endpoint.split(':')
                s = smtplib.SMTP(host, int(port), timeout=30); s.starttls(context=ca); s.ehlo('lps')
                s.auth('XOAUTH2', lambda _=None: xoauth2(sender, token), initial_response_ok=True)
                s.sendmail(sender, [to], f'From: <{sender}>\r\nTo: <{to}>\r\nSubject: {subject}\r\nX-MSS-NIL: DEV1\r\n\r\nBonjour.\r\n'.encode()); s.quit()
            def wait(endpoint, user, token):
                host, port = endpoint.split(':')
                deadline = time.time() + 30
                while True:
                    m = imaplib.IMAP4(host, int(port), timeout=30); m.starttls(ssl_context=ca)
                    m.authenticate('XOAUTH2', lambda _: xoauth2(user, token).encode())
                    count = int(m.select('INBOX')[1][0])
                    if count > 0 or time.time() > deadline:
                        subject = m.fetch('1', '(BODY[HEADER.FIELDS (SUBJECT)])')[1][0][1] if count else b''
                        m.logout(); return subject
                    m.logout(); time.sleep(0.3)
            a_per, b_per = 'jean.dupont@{{SandboxProcess.Domain}}', 'marie.martin@{{DomainB}}'
            send('{{Endpoint(0, "submission", "psc")}}', a_per, os.environ['A'], b_per, 'de A vers B')
            send('{{Endpoint(1, "submission", "psc")}}', b_per, os.environ['B'], a_per, 'de B vers A')
            print('B reads', wait('{{Endpoint(1, "imap", "psc")}}', b_per, os.environ['B']))
            print('A reads', wait('{{Endpoint(0, "imap", "psc")}}', a_per, os.environ['A']))
            """;
        var environment = new Dictionary<string, string>
        {
            ["A"] = await _sandbox.TokenAsync(SandboxProcess.PerHolder),
            ["B"] = await _sandbox.TokenAsync(SandboxProcess.Colleague),
        };

        var python = await ProcessRunner.RunAsync("python3", ["-c", script], environment: environment, timeout: TimeSpan.FromSeconds(120));

        python.ExitCode.ShouldBe(0, python.Error);
        python.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["B reads b'Subject: de A vers B\\r\\n\\r\\n'", "A reads b'Subject: de B vers A\\r\\n\\r\\n'"]);
    }
}
