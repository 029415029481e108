using System.Text;
using OpenMss.Pki;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

/// <summary>IMAP end to end: an LPS-style session with python imaplib, curl on both fronts, openssl for TLS versions.</summary>
public abstract partial class ApiLpsEndToEnd
{
    private const string Report =
        "From: Laboratoire <labo@autre.mssante.test>\r\nTo: jean.dupont@operateur-a.mssante.test\r\nSubject: Resultats\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVoir le compte rendu.\r\n" +
        "--b\r\nContent-Type: application/pdf; name=\"cr.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n";

    protected async Task SeedInboxAsync(string address, string message)
    {
        var bal = (await Store.Directory.FindBalAsync(address, default))!;
        var inbox = (await Store.Mailboxes.FindFolderAsync(bal.Id, "INBOX", default))!;
        await Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(Encoding.UTF8.GetBytes(message)), FlagSet.Empty, DateTimeOffset.UtcNow, 1 << 20, default);
    }

    [Fact]
    public async Task An_lps_session_with_imaplib_reads_moves_expunges_and_is_pushed_a_submitted_message()
    {
        await SeedInboxAsync(Per, Report);
        var token = await Psc.TokenAsync(Holder);
        var script = $$"""
            import imaplib, smtplib, ssl, base64, os
            ca = ssl.create_default_context(cafile='{{Pki.TrustAnchor}}')
            m = imaplib.IMAP4('127.0.0.1', {{Ports.ImapPsc}})
            print('clear', 'STARTTLS' in m.capabilities, 'AUTH=XOAUTH2' in m.capabilities, 'LOGINDISABLED' in m.capabilities)
            m.starttls(ssl_context=ca)
            tok = os.environ['TOKEN']
            print('auth', m.authenticate('XOAUTH2', lambda _: f"user={{Per}}\x01auth=Bearer {tok}\x01\x01".encode())[0])
            print('select', m.select('INBOX'))
            print('unseen', m.search(None, 'UNSEEN')[1])
            structure = m.fetch('1', '(BODYSTRUCTURE)')[1][0].decode()
            print('structure', '"APPLICATION" "PDF"' in structure)
            print('part', m.fetch('1', '(BODY.PEEK[1])')[1][0][1])
            print('unseen-after-peek', m.search(None, 'UNSEEN')[1])
            print('store', m.store('1', '+FLAGS', '\\Seen')[1])
            print('create', m.create('Dossiers')[0])
            print('copy', m.copy('1', 'Archive')[0])
            print('move', m.uid('MOVE', '1', 'Dossiers')[0])
            print('expunge', m.expunge()[0])
            print('status', m.status('Dossiers', '(MESSAGES)')[1])
            tag = m._new_tag().decode()
            m.send(f'{tag} IDLE\r\n'.encode())
            print('idle', m.readline().strip())
            s = smtplib.SMTP('127.0.0.1', {{Ports.SubmissionPsc}})
            s.starttls(context=ca)
            s.ehlo('lps.test')
            s.docmd('AUTH', 'XOAUTH2 ' + base64.b64encode(f"user={{Per}}\x01auth=Bearer {tok}\x01\x01".encode()).decode())
            s.sendmail('{{Per}}', ['{{Per}}'], b'Subject: pushed\r\nX-MSS-NIL: DEV1\r\n\r\nnew\r\n')
            s.quit()
            print('pushed', m.readline().strip())
            print('recent', m.readline().strip())
            m.send(b'DONE\r\n')
            print('done', m.readline().strip().split(b' ', 1)[1])
            print('fetch', m.fetch('1', '(BODY[HEADER.FIELDS (SUBJECT)])')[1][0][1])
            m.logout()
            """;

        var python = await PythonAsync(script, new Dictionary<string, string> { ["TOKEN"] = token });

        python.ExitCode.ShouldBe(0, python.Error);
        var lines = python.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldBe(
        [
            "clear True False True",
            "auth OK",
            "select ('OK', [b'1'])",
            "unseen [b'1']",
            "structure True",
            "part b'Voir le compte rendu.'",
            "unseen-after-peek [b'1']",
            "store [b'1 (FLAGS (\\\\Seen \\\\Recent))']",
            "create OK",
            "copy OK",
            "move OK",
            "expunge OK",
            "status [b'\"Dossiers\" (MESSAGES 1)']",
            "idle b'+ idling'",
            "pushed b'* 1 EXISTS'",
            "recent b'* 1 RECENT'",
            "done b'OK IDLE terminated.'",
            "fetch b'Subject: pushed\\r\\n\\r\\n'",
        ]);
    }

    [Fact]
    public async Task Curl_lists_searches_fetches_and_appends_on_both_fronts()
    {
        await SeedInboxAsync(Per, Report);
        await SeedInboxAsync(App, Encoding.UTF8.GetString(TestMessages.Create("pour le DPI")));
        var token = await Psc.TokenAsync(Holder);
        string[] PscCurl(string path) =>
        [
            "-sS", "--url", $"imap://127.0.0.1:{Port(Ports.ImapPsc)}/{path}", "--ssl-reqd", "--cacert", RunningSandbox.Pki.TrustAnchor,
            "--oauth2-bearer", token, "--login-options", "AUTH=XOAUTH2", "--user", Per,
        ];

        var list = await ProcessRunner.RunAsync("curl", PscCurl(""));
        var search = await ProcessRunner.RunAsync("curl", [.. PscCurl("INBOX"), "-X", "SEARCH UNSEEN"]);
        var fetch = await ProcessRunner.RunAsync("curl", PscCurl("INBOX;UID=1"));
        var upload = Path.GetTempFileName();
        await File.WriteAllTextAsync(upload, "From: jean.dupont@operateur-a.mssante.test\r\nSubject: brouillon\r\n\r\nDraft.\r\n");
        var append = await ProcessRunner.RunAsync("curl", [.. PscCurl("Drafts"), "-T", upload]);
        File.Delete(upload);
        var app = await ProcessRunner.RunAsync("curl",
        [
            "-sS", "--url", $"imap://127.0.0.1:{Port(Ports.ImapAuthCli)}/INBOX;UID=1", "--ssl-reqd", "--cacert", RunningSandbox.Pki.TrustAnchor,
            "--cert", RunningSandbox.Pki.ClientCertificate(TestPki.DefaultClientName), "--key", RunningSandbox.Pki.ClientKey(TestPki.DefaultClientName),
            "--user", $"{App}:", "--login-options", "AUTH=PLAIN",
        ]);

        list.ExitCode.ShouldBe(0, list.Error);
        list.Out.ShouldContain("* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"");
        search.Out.Trim().ShouldBe("* SEARCH 1");
        fetch.ExitCode.ShouldBe(0, fetch.Error);
        fetch.Out.ShouldContain("Subject: Resultats");
        append.ExitCode.ShouldBe(0, append.Error);
        var bal = (await Store.Directory.FindBalAsync(Per, default))!;
        var drafts = (await Store.Mailboxes.FindFolderAsync(bal.Id, "Drafts", default))!;
        (await Store.Mailboxes.GetStatusAsync(drafts.Id, default)).Messages.ShouldBe(1U);
        app.ExitCode.ShouldBe(0, app.Error);
        app.Out.ShouldContain("Subject: pour le DPI");
    }

    [Fact]
    public async Task Openssl_proves_tls_1_1_refused_on_imap()
    {
        var old = await ProcessRunner.RunAsync("openssl", ["s_client", "-starttls", "imap", "-connect", $"127.0.0.1:{Port(Ports.ImapPsc)}", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"], timeout: TimeSpan.FromSeconds(30));
        var modern = await ProcessRunner.RunAsync("openssl", ["s_client", "-starttls", "imap", "-connect", $"127.0.0.1:{Port(Ports.ImapPsc)}", "-tls1_3", "-CAfile", RunningSandbox.Pki.TrustAnchor, "-verify_return_error"], timeout: TimeSpan.FromSeconds(30));

        old.ExitCode.ShouldNotBe(0);
        (old.Out + old.Error).ShouldContain("alert protocol version");
        modern.ExitCode.ShouldBe(0, modern.Error);
        modern.Out.ShouldContain("Verify return code: 0 (ok)");
    }
}
