using System.Globalization;
using System.Text.Json;
using OpenMss.Operator.Hosting;
using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary>
/// <c>openmss sandbox</c> as a process, driven only by external clients from what sandbox.json says: submission
/// with XOAUTH2 and with the APP certificate, reading back over IMAP, and the refusals.
/// </summary>
public sealed class SandboxProcessTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_sandbox_serves_both_fronts_to_real_clients_and_keeps_mail_across_restarts()
    {
        var data = _directory.Combine("sandbox");
        var ports = FreePorts();
        var manifest = await RunAsync(data, ports, async (json, _) =>
        {
            var ca = json.GetProperty("ca").GetString()!;
            var op = json.GetProperty("operators")[0];
            var app = json.GetProperty("accounts")[2];
            var (imapPsc, imapCli) = (Port(op.GetProperty("imap").GetProperty("psc")), Port(op.GetProperty("imap").GetProperty("authcli")));
            var (smtpPsc, smtpCli) = (Port(op.GetProperty("submission").GetProperty("psc")), Port(op.GetProperty("submission").GetProperty("authcli")));
            var token = await Cli.RunProcessAsync("psc", "token", "--sandbox", data, "--idnat", "810001234567");
            var colleague = await Cli.RunProcessAsync("psc", "token", "--sandbox", data, "--idnat", "810002345678");
            token.ExitCode.ShouldBe(0, token.Error);
            var script = $$"""
                import imaplib, smtplib, ssl, base64, os, subprocess
                ca = ssl.create_default_context(cafile='{{ca}}')
                per = 'jean.dupont@operateur-a.mssante.test'
                dpi = 'dpi@operateur-a.mssante.test'
                def xoauth2(user, tok): return base64.b64encode(f"user={user}\x01auth=Bearer {tok}\x01\x01".encode()).decode()
                clear = smtplib.SMTP('127.0.0.1', {{smtpPsc}}, timeout=30); clear.ehlo('lps')
                print('auth-in-clear', clear.docmd('AUTH', 'XOAUTH2 ' + xoauth2(per, os.environ['TOKEN']))[0]); clear.quit()
                s = smtplib.SMTP('127.0.0.1', {{smtpPsc}}, timeout=30); s.starttls(context=ca); s.ehlo('lps')
                print('colleague', s.docmd('AUTH', 'XOAUTH2 ' + xoauth2(per, os.environ['COLLEAGUE']))[0], s.docmd('')[0])
                print('auth', s.docmd('AUTH', 'XOAUTH2 ' + xoauth2(per, os.environ['TOKEN']))[0])
                s.sendmail(per, [per], b'Subject: via PSC\r\nX-MSS-NIL: DEV1\r\n\r\nHello.\r\n'); s.quit()
                m = imaplib.IMAP4('127.0.0.1', {{imapPsc}}, timeout=30); m.starttls(ssl_context=ca)
                m.authenticate('XOAUTH2', lambda _: f"user={per}\x01auth=Bearer {os.environ['TOKEN']}\x01\x01".encode())
                m.select('INBOX')
                print('psc-read', m.fetch('1', '(BODY[HEADER.FIELDS (SUBJECT)])')[1][0][1])
                m.logout()
                a = ssl.create_default_context(cafile='{{ca}}'); a.load_cert_chain('{{app.GetProperty("certificate").GetString()}}', '{{app.GetProperty("key").GetString()}}')
                s = smtplib.SMTP('127.0.0.1', {{smtpCli}}, timeout=30); s.starttls(context=a); s.ehlo('dpi')
                print('app-auth', s.docmd('AUTH', 'PLAIN ' + base64.b64encode(b'\0' + dpi.encode() + b'\0').decode())[0])
                s.sendmail(dpi, [dpi], b'Subject: via certificate\r\n\r\nHello.\r\n'); s.quit()
                m = imaplib.IMAP4('127.0.0.1', {{imapCli}}, timeout=30); m.starttls(ssl_context=a)
                m.authenticate('PLAIN', lambda _: b'\0' + dpi.encode() + b'\0')
                m.select('INBOX')
                print('app-read', m.fetch('1', '(BODY[HEADER.FIELDS (SUBJECT)])')[1][0][1])
                m.logout()
                """;
            var python = await ProcessRunner.RunAsync("python3", ["-c", script], environment: new Dictionary<string, string> { ["TOKEN"] = token.Out.Trim(), ["COLLEAGUE"] = colleague.Out.Trim() });
            python.ExitCode.ShouldBe(0, python.Error);
            python.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
            [
                "auth-in-clear 538",
                "colleague 334 535",
                "auth 235",
                "psc-read b'Subject: via PSC\\r\\n\\r\\n'",
                "app-auth 235",
                "app-read b'Subject: via certificate\\r\\n\\r\\n'",
            ]);
            var tls11 = await ProcessRunner.RunAsync("openssl", ["s_client", "-starttls", "smtp", "-connect", $"127.0.0.1:{smtpPsc}", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"], timeout: TimeSpan.FromSeconds(30));
            tls11.ExitCode.ShouldNotBe(0);
            (tls11.Out + tls11.Error).ShouldContain("alert protocol version");

            // The Annuaire stand-in publishes both operators' PER and ORG BALs (declared by FHIR Patch from their
            // outboxes), never an APP BAL; a liste rouge set on a running operator withdraws the BAL from it.
            var annuaire = json.GetProperty("annuaire");
            var (ldap, fhir) = (annuaire.GetProperty("ldap").GetString()!, annuaire.GetProperty("fhir").GetString()!);
            async Task<List<string>> PublishedAsync()
            {
                var search = await ProcessRunner.RunAsync("ldapsearch", ["-x", "-H", ldap, "-b", annuaire.GetProperty("base").GetString()!, "-LLL", "(objectClass=inetOrgPerson)", "mail"]);
                search.ExitCode.ShouldBe(0, search.Error);
                return [.. search.Out.Split('\n').Where(l => l.StartsWith("mail: ", StringComparison.Ordinal)).Select(l => l[6..].Trim()).Order(StringComparer.Ordinal)];
            }

            string[] all = ["accueil@operateur-b.mssante.test", "jean.dupont@operateur-a.mssante.test", "marie.martin@operateur-b.mssante.test", "secretariat@operateur-a.mssante.test"];
            (await EventuallyAsync(PublishedAsync, published => published.SequenceEqual(all))).ShouldBe(all);
            var practitioner = await ProcessRunner.RunAsync("curl", ["-sS", "--cacert", ca, fhir + "Practitioner?mailbox-mss:contains=dupont"]);
            practitioner.Out.ShouldContain("\"value\":\"jean.dupont@operateur-a.mssante.test\"");
            var store = op.GetProperty("store").GetString()!;
            (await Cli.RunProcessAsync("--data", store, "bal", "set-liste-rouge", "jean.dupont@operateur-a.mssante.test", "true")).ExitCode.ShouldBe(0);
            (await EventuallyAsync(PublishedAsync, published => !published.Contains("jean.dupont@operateur-a.mssante.test"))).Count.ShouldBe(3);
            (await Cli.RunProcessAsync("--data", store, "bal", "set-liste-rouge", "jean.dupont@operateur-a.mssante.test", "false")).ExitCode.ShouldBe(0);

            // The webmail answers over HTTPS (the test CA) and sends an anonymous visitor to the PSC sandbox, with PKCE.
            var webmail = json.GetProperty("webmail").GetString()!;
            var visit = await ProcessRunner.RunAsync("curl", ["-sS", "--cacert", ca, "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", webmail]);
            visit.ExitCode.ShouldBe(0, visit.Error);
            visit.Out.ShouldStartWith("302 " + json.GetProperty("psc").GetProperty("issuer").GetString()![..json.GetProperty("psc").GetProperty("issuer").GetString()!.IndexOf('/', 8)]);
            visit.Out.ShouldContain("code_challenge_method=S256");

            // Each operator's console answers on its own address; its administrator logs in with the sandbox.json
            // credentials (python's urllib as the browser: cookies, the antiforgery field) and sees its domain.
            foreach (var entry in json.GetProperty("operators").EnumerateArray())
            {
                var login = entry.GetProperty("consoleLogin");
                var console = await ProcessRunner.RunAsync("python3", ["-c", ConsoleLoginScript], environment: new Dictionary<string, string>
                {
                    ["URL"] = entry.GetProperty("console").GetString()!, ["CA"] = ca, ["USER"] = login.GetProperty("user").GetString()!, ["PASSWORD"] = login.GetProperty("password").GetString()!,
                });
                console.ExitCode.ShouldBe(0, console.Error);
                console.Out.ShouldContain(entry.GetProperty("domain").GetString()!);
            }
        });

        manifest.ShouldBeTrue();
        File.Exists(Path.Combine(data, "sandbox.json")).ShouldBeFalse();

        // A second start on the same directory keeps the mail, and the commands it prints work as printed.
        (await RunAsync(data, FreePorts(), async (_, summary) =>
        {
            var commands = summary.Where(line => line.StartsWith("  TOKEN=", StringComparison.Ordinal) || line.StartsWith("  printf ", StringComparison.Ordinal) || line.StartsWith("  curl ", StringComparison.Ordinal)
                || ((line.Contains(" lps send ", StringComparison.Ordinal) || line.Contains(" lps fetch ", StringComparison.Ordinal)) && !line.Contains("--gateway-session", StringComparison.Ordinal)));
            var printed = await ProcessRunner.RunAsync("bash", ["-euc", string.Join('\n', commands)], _directory.Path);
            printed.ExitCode.ShouldBe(0, printed.Error);
            printed.Out.Split("\r\n").Where(line => line.StartsWith("Subject: ", StringComparison.Ordinal)).ShouldBe(["Subject: via PSC", "Subject: via certificate"]);
            printed.Out.ShouldContain("\"subject\": \"hello\""); // the SDK's fetch of the DPI's BAL, after its send through DNS autoconfiguration
        })).ShouldBeTrue();
    }

    private const string ConsoleLoginScript = """
        import http.cookiejar, os, re, ssl, urllib.parse, urllib.request
        tls = ssl.create_default_context(cafile=os.environ["CA"])
        opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=tls), urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = opener.open(os.environ["URL"] + "login").read().decode()
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf": csrf, "name": os.environ["USER"], "password": os.environ["PASSWORD"]}).encode()
        print(opener.open(os.environ["URL"] + "login", form).read().decode())
        """;

    [Fact]
    public async Task Bad_usage_and_a_damaged_directory_are_one_sentence()
    {
        var file = _directory.Combine("a-file");
        await File.WriteAllTextAsync(file, "x");

        var notADirectory = await Cli.RunAsync("sandbox", "--data", file, "--ports-base", FreePorts().Base.ToString(CultureInfo.InvariantCulture));
        // A base whose other ports were all free a moment ago, then its IMAP port taken: that is the port named. (An
        // OS-chosen port as base+143 left the base's other ports to chance, and another test's socket sometimes won.)
        var takenPorts = FreePorts();
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, takenPorts.ImapPsc);
        taken.Start();
        var takenPort = takenPorts.ImapPsc;
        var portTaken = await Cli.RunAsync("sandbox", "--data", _directory.Combine("s"), "--ports-base", takenPorts.Base.ToString(CultureInfo.InvariantCulture));

        var damagedStore = _directory.Combine("damaged-store");
        Directory.CreateDirectory(Path.Combine(damagedStore, "operateur-a", "store"));
        await File.WriteAllTextAsync(Path.Combine(damagedStore, "operateur-a", "store", "openmss.db"), "not a database");
        var storeRefused = await Cli.RunAsync("sandbox", "--data", damagedStore, "--ports-base", FreePorts().Base.ToString(CultureInfo.InvariantCulture));
        var damagedPki = _directory.Combine("damaged-pki");
        Directory.CreateDirectory(Path.Combine(damagedPki, "pki"));
        await File.WriteAllTextAsync(Path.Combine(damagedPki, "pki", "root-ca.pem"), "not a certificate");
        var pkiRefused = await Cli.RunAsync("sandbox", "--data", damagedPki, "--ports-base", FreePorts().Base.ToString(CultureInfo.InvariantCulture));

        (notADirectory.ExitCode, notADirectory.ErrorLines.Single()).ShouldBe((2, $"{file} is a file, not a sandbox directory."));
        storeRefused.ExitCode.ShouldBe(1, storeRefused.Error);
        storeRefused.ErrorLines.ShouldHaveSingleItem(storeRefused.Error);
        storeRefused.ErrorLines.Single().ShouldStartWith($"The data directory {Path.Combine(damagedStore, "operateur-a", "store")} holds a damaged or foreign openmss.db");
        (pkiRefused.ExitCode, pkiRefused.ErrorLines.Single()).ShouldBe((1, $"The test PKI in {Path.Combine(damagedPki, "pki")} is damaged (ca.pem is missing or unreadable); remove that directory to have a new one made."));
        portTaken.ExitCode.ShouldBe(2);
        portTaken.ErrorLines.Single().ShouldBe($"Port {takenPort} on 127.0.0.1 is taken by another program. Choose other ports with --ports-base.");
    }

    /// <summary>What <paramref name="read"/> gives once <paramref name="done"/> holds, or its last value after 30 seconds.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            value = await read();
        }

        return value;
    }

    /// <summary>Starts the sandbox, waits for sandbox.json and the printed summary, runs the checks, then stops it with SIGTERM; true when it exited cleanly.</summary>
    private async Task<bool> RunAsync(string data, ListenerPorts ports, Func<JsonElement, IReadOnlyList<string>, Task> checks)
    {
        using var sandbox = ProcessRunner.Start(Repository.Wrapper, ["sandbox", "--data", data, "--ports-base", ports.Base.ToString(CultureInfo.InvariantCulture)], _directory.Path);
        try
        {
            var manifest = Path.Combine(data, "sandbox.json");
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!File.Exists(manifest))
            {
                if (sandbox.HasExited)
                {
                    throw new ShouldAssertException($"the sandbox exited with {sandbox.ExitCode}: {await sandbox.StandardError.ReadToEndAsync()}");
                }

                DateTime.UtcNow.ShouldBeLessThan(deadline, "the sandbox did not start in time");
                await Task.Delay(100);
            }

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(manifest));
            var summary = new List<string>();
            using var reading = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (await sandbox.StandardOutput.ReadLineAsync(reading.Token) is { } line)
            {
                summary.Add(line);
                if (line.StartsWith("Stop with Ctrl-C", StringComparison.Ordinal))
                {
                    break;
                }
            }

            await checks(json.RootElement, summary);
            (await ProcessRunner.RunAsync("kill", ["-TERM", sandbox.Id.ToString(CultureInfo.InvariantCulture)])).ExitCode.ShouldBe(0);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await sandbox.WaitForExitAsync(stop.Token);
            return sandbox.ExitCode == 0;
        }
        finally
        {
            if (!sandbox.HasExited)
            {
                sandbox.Kill(entireProcessTree: true);
            }
        }
    }

    private static int Port(JsonElement endpoint) => int.Parse(endpoint.GetString()!.Split(':')[1], CultureInfo.InvariantCulture);


    private static ListenerPorts FreePorts() => new(Repository.FreePortBase());
}
