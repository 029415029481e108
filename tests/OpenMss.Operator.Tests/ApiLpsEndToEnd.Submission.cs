using System.Globalization;
using System.Text;
using OpenMss.Pki;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

/// <summary>SMTP submission end to end.</summary>
public abstract partial class ApiLpsEndToEnd
{
    [Fact]
    public async Task Curl_submits_with_xoauth2_on_the_psc_front_and_the_message_is_durable_with_its_indicators()
    {
        var token = await Psc.TokenAsync(Holder);
        var message = Path.GetTempFileName();
        await File.WriteAllTextAsync(message, $"From: {Per}\r\nTo: {Org}\r\nSubject: curl xoauth2\r\nX-MSS-NIL: DEV935997\r\nX-MSS-INS: O\r\nX-MSS-CODECDA: 34112-3,PRESC-BIO\r\n\r\nBonjour.\r\n");
        try
        {
            var curl = await ProcessRunner.RunAsync("curl",
            [
                "-sS", "--url", $"smtp://127.0.0.1:{Port(Ports.SubmissionPsc)}", "--ssl-reqd", "--cacert", Pki.TrustAnchor,
                "--oauth2-bearer", token, "--login-options", "AUTH=XOAUTH2", "--user", Per,
                "--mail-from", Per, "--mail-rcpt", Org, "--mail-rcpt", "dr.x@autre.mssante.test", "--upload-file", message,
            ]);

            curl.ExitCode.ShouldBe(0, curl.Error);
        }
        finally
        {
            File.Delete(message);
        }

        var stored = (await InboxAsync(Org)).ShouldHaveSingleItem();
        stored.ShouldStartWith("Received: from ");
        stored.ShouldContain("Subject: curl xoauth2");
        // Write once, parse once: the IMAP views were stored with the message, before any FETCH.
        var inbox = (await Store.Mailboxes.FindFolderAsync((await Store.Directory.FindBalAsync(Org, default))!.Id, "INBOX", default))!;
        var views = (await Store.Mailboxes.GetMessageViewsAsync(inbox.Id, UidSet.All, default)).ShouldHaveSingleItem().Value;
        Encoding.ASCII.GetString(OpenMss.Imap.Server.Views.MessageViews.Read(views, Encoding.ASCII.GetByteCount(stored))!.Envelope.Span).ShouldContain("\"curl xoauth2\"");
        var queued = (await Store.Queue.ListAsync(10, default)).ShouldHaveSingleItem();
        queued.Recipient.ShouldBe("dr.x@autre.mssante.test");
        var indicators = await Store.Submissions.ListIndicatorsAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1), 10, default);
        indicators.Select(i => (i.Recipient, i.Ins, i.CodeCda, i.Nil, i.Anomalies)).ShouldBe(
        [
            (Org, "O", "34112-3,PRESC-BIO", "DEV935997", ""),
            ("dr.x@autre.mssante.test", "O", "34112-3,PRESC-BIO", "DEV935997", ""),
        ]);
        await AuthenticationsCommittedAsync();
        var audit = (await Store.Audit.ListAsync(Per, 1, default)).Single().Event;
        (audit.Outcome, audit.Front).ShouldBe(("success", "psc"));
        (await Store.Directory.FindBalAsync(Per, default))!.LastAuthentications.Keys.ShouldContain(AuthFront.Psc);
    }

    [Fact]
    public async Task A_from_other_than_the_authenticated_bal_is_refused_and_a_message_without_from_gets_the_bal()
    {
        var token = await Psc.TokenAsync(Holder);
        var script = $$"""
            import smtplib, ssl, base64, sys
            s = smtplib.SMTP('127.0.0.1', {{Port(Ports.SubmissionPsc)}}, timeout=30); s.starttls(context=ssl.create_default_context(cafile=sys.argv[1])); s.ehlo('lps')
            print(s.docmd('AUTH', 'XOAUTH2 ' + base64.b64encode(f"user={{Per}}\x01auth=Bearer {sys.argv[2]}\x01\x01".encode()).decode())[0])
            for body in [b'From: directeur@operateur-a.mssante.test\r\nSubject: forged\r\n\r\nx\r\n', b'From: "Dr Jean DUPONT" <{{Per}}>\r\nSubject: named\r\n\r\nx\r\n', b'Subject: no from\r\n\r\nx\r\n']:
                try:
                    s.sendmail('{{Per}}', ['{{Org}}'], body); print('250')
                except smtplib.SMTPDataError as e:
                    print(e.smtp_code, e.smtp_error.decode())
            s.quit()
            """;
        var python = await ProcessRunner.RunAsync("python3", ["-c", script, Pki.TrustAnchor, token]);

        python.ExitCode.ShouldBe(0, python.Error);
        python.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            "235",
            $"550 5.7.1 The From of a message sent by {Per} must be that BAL alone (any display name); it is directeur@operateur-a.mssante.test.",
            "250",
            "250",
        ]);
        var stored = await InboxAsync(Org);
        stored.Count.ShouldBe(2);
        stored.ShouldContain(m => m.Contains("Subject: named", StringComparison.Ordinal));
        stored.Single(m => m.Contains("Subject: no from", StringComparison.Ordinal)).ShouldContain($"\r\nFrom: <{Per}>\r\n");
    }

    [Fact]
    public async Task Curl_submits_with_a_client_certificate_on_the_auth_cli_front()
    {
        var message = Path.GetTempFileName();
        await File.WriteAllTextAsync(message, $"From: {App}\r\nTo: {Per}\r\nSubject: from the DPI\r\n\r\nResultats.\r\n");
        try
        {
            var curl = await ProcessRunner.RunAsync("curl",
            [
                "-sS", "--url", $"smtp://127.0.0.1:{Port(Ports.SubmissionAuthCli)}", "--ssl-reqd", "--cacert", Pki.TrustAnchor,
                "--cert", Pki.ClientCertificate(TestPki.DefaultClientName), "--key", Pki.ClientKey(TestPki.DefaultClientName),
                "--user", $"{App}:", "--login-options", "AUTH=PLAIN",
                "--mail-from", App, "--mail-rcpt", Per, "--upload-file", message,
            ]);

            curl.ExitCode.ShouldBe(0, curl.Error);
        }
        finally
        {
            File.Delete(message);
        }

        (await InboxAsync(Per)).ShouldHaveSingleItem().ShouldContain("Subject: from the DPI");
        await AuthenticationsCommittedAsync();
        (await Store.Audit.ListAsync(App, 1, default)).Single().Event.Front.ShouldBe("authcli");
    }

    [Fact]
    public async Task Python_smtplib_with_xoauth2_plain_and_the_refusals()
    {
        var token = await Psc.TokenAsync(Holder);
        var colleague = await Psc.TokenAsync("810002345678");
        var script = $$"""
            import smtplib, ssl, base64, os
            ca = ssl.create_default_context(cafile='{{Pki.TrustAnchor}}')
            def xoauth2(user, token):
                return base64.b64encode(f"user={user}\x01auth=Bearer {token}\x01\x01".encode()).decode()
            clear = smtplib.SMTP('127.0.0.1', {{Ports.SubmissionPsc}})
            clear.ehlo('lps.test')
            print('clear-auth', 'auth' in clear.esmtp_features, clear.docmd('AUTH', 'XOAUTH2 ' + xoauth2('{{Per}}', os.environ['TOKEN']))[0])
            clear.quit()
            s = smtplib.SMTP('127.0.0.1', {{Ports.SubmissionPsc}})
            s.starttls(context=ca)
            s.ehlo('lps.test')
            print('mechanisms', s.esmtp_features['auth'].strip())
            print('colleague', s.docmd('AUTH', 'XOAUTH2 ' + xoauth2('{{Per}}', os.environ['COLLEAGUE']))[0], s.docmd('')[0])
            print('holder', s.docmd('AUTH', 'XOAUTH2 ' + xoauth2('{{Per}}', os.environ['TOKEN']))[0])
            print('outside', s.sendmail('{{Per}}', ['{{Org}}', 'friend@gmail.com'], b'Subject: python\r\nX-MSS-INS: maybe\r\n\r\nhello\r\n'))
            s.quit()
            a = ssl.create_default_context(cafile='{{Pki.TrustAnchor}}')
            a.load_cert_chain('{{Pki.ClientCertificate(TestPki.DefaultClientName)}}', '{{Pki.ClientKey(TestPki.DefaultClientName)}}')
            p = smtplib.SMTP('127.0.0.1', {{Ports.SubmissionAuthCli}})
            p.starttls(context=a)
            p.ehlo('dpi.test')
            print('plain', p.docmd('AUTH', 'PLAIN ' + base64.b64encode(b'\0{{App}}\0').decode())[0])
            print('wrong-sender', p.docmd('MAIL', 'FROM:<{{Per}}>')[0])
            p.quit()
            """;

        var python = await PythonAsync(script, new Dictionary<string, string> { ["TOKEN"] = token, ["COLLEAGUE"] = colleague });

        python.ExitCode.ShouldBe(0, python.Error);
        python.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            "clear-auth False 538",
            "mechanisms XOAUTH2 OAUTHBEARER",
            "colleague 334 535",
            "holder 235",
            "outside {'friend@gmail.com': (550, b'5.7.1 Relaying denied: the domain is outside the MSSant\\xc3\\xa9 trust space.')}",
            "plain 235",
            "wrong-sender 553",
        ]);
        (await InboxAsync(Org)).ShouldHaveSingleItem().ShouldContain("Subject: python");
        var indicator = (await Store.Submissions.ListIndicatorsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10, default)).ShouldHaveSingleItem();
        (indicator.Ins, indicator.Anomalies).ShouldBe(("maybe", "nil-missing,ins-malformed,ins-without-codecda"));
        await AuthenticationsCommittedAsync();
        (await Store.Audit.ListAsync(Per, 10, default)).Select(r => r.Event.Reason).ShouldContain("not the holder of this BAL");
    }

    [Fact]
    public async Task Openssl_proves_tls_1_1_refused_and_tls_1_2_offered_after_starttls()
    {
        var old = await ProcessRunner.RunAsync("openssl", ["s_client", "-starttls", "smtp", "-connect", $"127.0.0.1:{Port(Ports.SubmissionPsc)}", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"], timeout: TimeSpan.FromSeconds(30));
        var modern = await ProcessRunner.RunAsync("openssl", ["s_client", "-starttls", "smtp", "-connect", $"127.0.0.1:{Port(Ports.SubmissionPsc)}", "-tls1_2", "-CAfile", Pki.TrustAnchor, "-verify_return_error"], timeout: TimeSpan.FromSeconds(30));

        old.ExitCode.ShouldNotBe(0);
        (old.Out + old.Error).ShouldContain("alert protocol version");
        modern.ExitCode.ShouldBe(0, modern.Error);
        modern.Out.ShouldContain("Verify return code: 0 (ok)");
        modern.Out.ShouldContain("Protocol  : TLSv1.2");
        modern.Out.ShouldMatch("Cipher is ECDHE-(RSA|ECDSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)");
    }

    [Fact]
    public async Task A_psc_that_is_down_is_454()
    {
        var token = await Psc.TokenAsync(Holder);
        await Psc.Sandbox.StopAsync();
        await using var client = await RawSmtpClient.ConnectAsync(Ports.SubmissionPsc);
        await client.SecureAsync();

        var reply = await client.CommandAsync("AUTH XOAUTH2 " + Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"user={Per}\u0001auth=Bearer {token}\u0001\u0001")));

        (reply.Code, reply.Enhanced).ShouldBe((454, "4.7.0"));
    }
}
