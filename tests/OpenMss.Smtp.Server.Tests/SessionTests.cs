using System.Text;
using OpenMss.TestSupport;

namespace OpenMss.Smtp.Server.Tests;

/// <summary>The submission dialogue: what is offered when, and the exact reply of every refusal (RFC 5321, 3207, 4954, 3030).</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private SubmissionServer _server = null!;

    public async Task InitializeAsync() => _server = await SubmissionServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Before_starttls_there_is_no_auth_and_nothing_that_needs_it()
    {
        await using var client = await _server.ConnectAsync();
        var greeting = await client.ReadReplyAsync();
        var ehlo = await client.CommandAsync("EHLO lps.test");

        greeting.Code.ShouldBe(220);
        ehlo.Lines.ShouldContain("250 STARTTLS");
        ehlo.Text.ShouldNotContain("AUTH");
        foreach (var keyword in new[] { "PIPELINING", "SIZE 52428800", "8BITMIME", "ENHANCEDSTATUSCODES", "SMTPUTF8", "CHUNKING" })
        {
            ehlo.Lines.ShouldContain($"250-{keyword}");
        }

        await client.ShouldReplyAsync($"AUTH XOAUTH2 {Dialogue.XOAuth2(SubmissionServer.Bal, "good")}", 538, "5.7.11");
        await client.ShouldReplyAsync("AUTH PLAIN", 538, "5.7.11");
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}>", 530, "5.7.0");
        await client.ShouldReplyAsync("RCPT TO:<a@op.test>", 530, "5.7.0");
        await client.ShouldReplyAsync("DATA", 530, "5.7.0");
    }

    [Fact]
    public async Task Ehlo_comes_first_and_after_tls_auth_is_offered_once()
    {
        await using var client = await _server.ConnectAsync();
        await client.ReadReplyAsync();
        await client.ShouldReplyAsync("STARTTLS", 503, "5.5.1");
        (await client.CommandAsync("EHLO lps.test")).Code.ShouldBe(250);
        await client.StartTlsAsync();
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}>", 503, "5.5.1");

        var ehlo = await client.CommandAsync("EHLO lps.test");
        ehlo.Lines[^1].ShouldBe("250 AUTH XOAUTH2 OAUTHBEARER");
        ehlo.Text.ShouldNotContain("STARTTLS");
        await client.ShouldReplyAsync("STARTTLS", 503, "5.5.1");
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}>", 530, "5.7.0");
        await client.ShouldReplyAsync($"AUTH XOAUTH2 {Dialogue.XOAuth2(SubmissionServer.Bal, "good")}", 235, "2.7.0");
        (await client.CommandAsync("EHLO lps.test")).Text.ShouldNotContain("AUTH");
        await client.ShouldReplyAsync($"AUTH XOAUTH2 {Dialogue.XOAuth2(SubmissionServer.Bal, "good")}", 503, "5.5.1");
    }

    [Fact]
    public async Task Auth_outcomes_map_to_rfc_4954_codes()
    {
        await using var client = await _server.ConnectAsync();
        await client.SecureAsync();

        await client.ShouldReplyAsync("AUTH PLAIN", 504, "5.5.4");
        await client.ShouldReplyAsync("AUTH XOAUTH2 !!!not-base64", 501, "5.5.2");
        await client.ShouldReplyAsync($"AUTH XOAUTH2 {Convert.ToBase64String("user=x"u8.ToArray())}", 501, "5.5.2");
        await client.ShouldReplyAsync($"AUTH XOAUTH2 {Dialogue.XOAuth2(SubmissionServer.Bal, "down")}", 454, "4.7.0");

        // A refused token: the error challenge (base64 JSON), an empty answer, then 535.
        var challenge = await client.CommandAsync($"AUTH XOAUTH2 {Dialogue.XOAuth2(SubmissionServer.Bal, "expired")}");
        challenge.Code.ShouldBe(334);
        var json = Encoding.ASCII.GetString(Convert.FromBase64String(challenge.Lines[0][4..]));
        json.ShouldBe("{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"openid scope_all\"}");
        await client.ShouldReplyAsync("", 535, "5.7.8");

        (await client.CommandAsync($"AUTH OAUTHBEARER {Dialogue.OAuthBearer(SubmissionServer.Bal, "other")}")).Code.ShouldBe(334);
        var notAllowed = await client.CommandAsync("");
        (notAllowed.Code, notAllowed.Enhanced).ShouldBe((535, "5.7.8"));
        notAllowed.Text.ShouldContain("not authorised on this BAL");
    }

    [Fact]
    public async Task Auth_without_initial_response_gets_an_empty_challenge_and_can_be_cancelled()
    {
        await using var client = await _server.ConnectAsync();
        await client.SecureAsync();

        (await client.CommandAsync("AUTH XOAUTH2")).Lines.ShouldBe(["334 "]);
        await client.ShouldReplyAsync("*", 501, "5.0.0");
        (await client.CommandAsync("AUTH OAUTHBEARER")).Code.ShouldBe(334);
        await client.ShouldReplyAsync(Dialogue.OAuthBearer(SubmissionServer.Bal, "good"), 235, "2.7.0");
    }

    [Fact]
    public async Task A_pipelined_token_of_16_kib_is_accepted_but_not_beyond()
    {
        await using var client = await _server.ConnectAsync();
        await client.SecureAsync();

        var reply = await client.CommandAsync($"AUTH XOAUTH2 {Dialogue.XOAuth2(SubmissionServer.Bal, new string('x', 11_000))}");
        (reply.Code, reply.Enhanced).ShouldBe((334, ""));
        await client.ShouldReplyAsync("", 535, "5.7.8");
        await client.ShouldReplyAsync($"AUTH XOAUTH2 {new string('A', 17_000)}", 500, "5.5.2");
        await client.ShouldReplyAsync("NOOP", 250, "2.0.0");
    }

    [Fact]
    public async Task Three_auth_failures_close_the_connection()
    {
        await using var client = await _server.ConnectAsync();
        await client.SecureAsync();
        for (var i = 0; i < 2; i++)
        {
            (await client.CommandAsync($"AUTH XOAUTH2 {Dialogue.XOAuth2(SubmissionServer.Bal, "bad")}")).Code.ShouldBe(334);
            (await client.CommandAsync("")).Code.ShouldBe(535);
        }

        (await client.CommandAsync($"AUTH XOAUTH2 {Dialogue.XOAuth2(SubmissionServer.Bal, "bad")}")).Code.ShouldBe(334);
        (await client.CommandAsync("")).Text.ShouldContain("Too many failures");
        (await client.IsClosedAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task The_envelope_follows_mssante_rules()
    {
        await using var client = await _server.AuthenticatedAsync();

        await client.ShouldReplyAsync("RCPT TO:<a@op.test>", 503, "5.5.1");
        await client.ShouldReplyAsync("DATA", 503, "5.5.1");
        await client.ShouldReplyAsync("MAIL FROM:<someone.else@op.test>", 553, "5.7.1");
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}> SIZE=60000000", 552, "5.3.4");
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal.ToUpperInvariant()}>", 250, "2.1.0");
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}>", 503, "5.5.1");
        await client.ShouldReplyAsync("DATA", 554, "5.5.1");
        await client.ShouldReplyAsync("RCPT TO:<secretariat@op.test>", 250, "2.1.5");
        await client.ShouldReplyAsync("RCPT TO:<dr.x@autre.mssante.test>", 250, "2.1.5");
        await client.ShouldReplyAsync("RCPT TO:<unknown@op.test>", 550, "5.1.1");
        await client.ShouldReplyAsync("RCPT TO:<friend@gmail.com>", 550, "5.7.1");
        await client.ShouldReplyAsync("RCPT TO:<busy@op.test>", 451, "4.3.0");
        await client.ShouldReplyAsync("RSET", 250, "2.0.0");
        await client.ShouldReplyAsync("RCPT TO:<secretariat@op.test>", 503, "5.5.1");
    }

    [Fact]
    public async Task Too_many_recipients_get_452()
    {
        await using var server = await SubmissionServer.StartAsync(limits: l => l with { MaxRecipients = 2 });
        await using var client = await server.AuthenticatedAsync();
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}>", 250, "2.1.0");

        await client.ShouldReplyAsync("RCPT TO:<a@op.test>", 250, "2.1.5");
        await client.ShouldReplyAsync("RCPT TO:<b@op.test>", 250, "2.1.5");
        await client.ShouldReplyAsync("RCPT TO:<c@op.test>", 452, "4.5.3");
    }

    [Fact]
    public async Task Data_is_acknowledged_once_delivered_with_the_server_headers()
    {
        await using var client = await _server.AuthenticatedAsync();
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}>", 250, "2.1.0");
        await client.ShouldReplyAsync("RCPT TO:<secretariat@op.test>", 250, "2.1.5");
        await client.ShouldReplyAsync("RCPT TO:<dr.x@autre.mssante.test>", 250, "2.1.5");
        (await client.CommandAsync("DATA")).Code.ShouldBe(354);

        await client.SendAsync("Subject: hello\r\nMessage-ID: <given@lps.test>\r\n\r\n..dot line\r\nbody\r\n.\r\n");
        var reply = await client.ReadReplyAsync();

        (reply.Code, reply.Enhanced).ShouldBe((250, "2.0.0"));
        var (message, content) = _server.Delivered.ShouldHaveSingleItem();
        reply.Text.ShouldContain(message.MailId);
        message.Sender.ShouldBe(SubmissionServer.Bal);
        message.Recipients.Select(r => (r.Kind, r.Address)).ShouldBe([(RecipientKind.Local, "secretariat@op.test"), (RecipientKind.Remote, "dr.x@autre.mssante.test")]);
        var text = Encoding.UTF8.GetString(content);
        text.ShouldStartWith("Received: from lps.test ([127.0.0.1])\r\n\tby mx.op.test (OpenMSS) with ESMTPSA (TLS1.");
        text.ShouldContain("\r\nDate: ");
        text.ShouldContain($"\r\nFrom: <{SubmissionServer.Bal}>\r\n"); // RFC 6409 §8: a message without From gets the sender
        text.ShouldNotContain($"Message-ID: <{message.MailId}");
        text.ShouldEndWith("Subject: hello\r\nMessage-ID: <given@lps.test>\r\n\r\n.dot line\r\nbody\r\n");
        text.ShouldNotContain("good");
    }

    [Fact]
    public async Task The_from_fields_go_to_the_policy_unfolded_and_its_refusal_is_550_5_7_1_with_nothing_delivered()
    {
        await using var client = await _server.AuthenticatedAsync();
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}>", 250, "2.1.0");
        await client.ShouldReplyAsync("RCPT TO:<secretariat@op.test>", 250, "2.1.5");
        (await client.CommandAsync("DATA")).Code.ShouldBe(354);
        await client.SendAsync("Subject: x\r\nFrom: \"Directeur\"\r\n <directeur@op.test>\r\n\r\nbody\r\n.\r\n");
        var refused = await client.ReadReplyAsync();

        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}>", 250, "2.1.0");
        await client.ShouldReplyAsync("RCPT TO:<secretariat@op.test>", 250, "2.1.5");
        (await client.CommandAsync("DATA")).Code.ShouldBe(354);
        await client.SendAsync($"From: Dr Jean DUPONT <{SubmissionServer.Bal}>\r\nSubject: x\r\n\r\nbody\r\n.\r\n");
        var accepted = await client.ReadReplyAsync();

        (refused.Code, refused.Enhanced).ShouldBe((550, "5.7.1"));
        refused.Text.ShouldEndWith("5.7.1 From \"Directeur\" <directeur@op.test> is not the BAL.");
        accepted.Code.ShouldBe(250);
        _server.AuthorsSeen.ShouldBe([["\"Directeur\" <directeur@op.test>"], [$"Dr Jean DUPONT <{SubmissionServer.Bal}>"]]);
        var (_, content) = _server.Delivered.ShouldHaveSingleItem();
        Encoding.UTF8.GetString(content).ShouldNotContain($"From: <{SubmissionServer.Bal}>"); // it had its own
    }

    [Fact]
    public async Task A_failed_delivery_is_451_and_nothing_is_acknowledged()
    {
        _server.FailDelivery = true;
        await using var client = await _server.AuthenticatedAsync();
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}>", 250, "2.1.0");
        await client.ShouldReplyAsync("RCPT TO:<secretariat@op.test>", 250, "2.1.5");
        (await client.CommandAsync("DATA")).Code.ShouldBe(354);

        await client.ShouldReplyAsync("Subject: x\r\n\r\nx\r\n.", 451, "4.3.0");
        _server.Delivered.ShouldBeEmpty();
        await client.ShouldReplyAsync("RCPT TO:<secretariat@op.test>", 503, "5.5.1");
    }

    [Theory]
    [InlineData("Subject: x\r\n\r\nbare\nLF\r\n.", "5.6.0", 554)]
    [InlineData("Subject: x\r\n\r\nbare\rCR\r\n.", "5.6.0", 554)]
    [InlineData("Subject: x\r\n\r\nnul\0byte\r\n.", "5.6.0", 554)]
    public async Task Malformed_content_is_refused(string content, string enhanced, int code)
    {
        await using var client = await _server.AuthenticatedAsync();
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}>", 250, "2.1.0");
        await client.ShouldReplyAsync("RCPT TO:<secretariat@op.test>", 250, "2.1.5");
        (await client.CommandAsync("DATA")).Code.ShouldBe(354);

        await client.ShouldReplyAsync(content, code, enhanced);
        _server.Delivered.ShouldBeEmpty();
        await client.ShouldReplyAsync("NOOP", 250, "2.0.0");
    }

    [Fact]
    public async Task An_oversized_message_is_read_to_its_end_then_refused_with_552()
    {
        await using var server = await SubmissionServer.StartAsync(limits: l => l with { MaxMessageSize = 1000 });
        await using var client = await server.AuthenticatedAsync();
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}>", 250, "2.1.0");
        await client.ShouldReplyAsync("RCPT TO:<secretariat@op.test>", 250, "2.1.5");
        (await client.CommandAsync("DATA")).Code.ShouldBe(354);

        await client.ShouldReplyAsync("Subject: big\r\n\r\n" + string.Concat(Enumerable.Repeat(new string('x', 76) + "\r\n", 100)) + ".", 552, "5.3.4");
        await client.ShouldReplyAsync("NOOP", 250, "2.0.0");
        server.Delivered.ShouldBeEmpty();
    }

    [Fact]
    public async Task Bdat_chunks_make_one_message_and_a_refused_bdat_still_consumes_its_chunk()
    {
        await using var client = await _server.AuthenticatedAsync();
        await client.SendAsync("BDAT 5\r\nhello");
        var refused = await client.ReadReplyAsync();
        (refused.Code, refused.Enhanced).ShouldBe((503, "5.5.1"));
        await client.ShouldReplyAsync("NOOP", 250, "2.0.0"); // "hello" was read as the chunk, not as a command

        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}>", 250, "2.1.0");
        await client.ShouldReplyAsync("RCPT TO:<secretariat@op.test>", 250, "2.1.5");
        await client.SendAsync("BDAT 14\r\nSubject: x\r\n\r\n");
        (await client.ReadReplyAsync()).Code.ShouldBe(250);
        await client.SendAsync("BDAT 6 LAST\r\nbody\r\n");
        var done = await client.ReadReplyAsync();

        (done.Code, done.Enhanced).ShouldBe((250, "2.0.0"));
        Encoding.UTF8.GetString(_server.Delivered.ShouldHaveSingleItem().Content).ShouldEndWith("\r\nSubject: x\r\n\r\nbody\r\n");
        await client.ShouldReplyAsync("DATA", 503, "5.5.1");
    }

    [Fact]
    public async Task Pipelined_commands_are_answered_in_order()
    {
        await using var client = await _server.AuthenticatedAsync();

        await client.SendAsync($"MAIL FROM:<{SubmissionServer.Bal}>\r\nRCPT TO:<a@op.test>\r\nRCPT TO:<unknown@op.test>\r\nRCPT TO:<b@op.test>\r\nDATA\r\n");
        var codes = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            codes.Add((await client.ReadReplyAsync()).Code);
        }

        codes.ShouldBe([250, 250, 550, 250, 354]);
        await client.ShouldReplyAsync("Subject: p\r\n\r\np\r\n.", 250, "2.0.0");
        _server.Delivered.ShouldHaveSingleItem().Message.Recipients.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Plaintext_pipelined_behind_starttls_is_refused_and_the_connection_closed()
    {
        await using var client = await _server.ConnectAsync();
        await client.ReadReplyAsync();
        (await client.CommandAsync("EHLO lps.test")).Code.ShouldBe(250);

        await client.SendAsync("STARTTLS\r\nAUTH XOAUTH2 injected\r\n");
        var reply = await client.ReadReplyAsync();

        (reply.Code, reply.Enhanced).ShouldBe((554, "5.5.1"));
        (await client.IsClosedAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task Bad_lines_get_500_and_too_many_errors_close()
    {
        await using var client = await _server.ConnectAsync();
        await client.ReadReplyAsync();

        await client.SendAsync("NOOP\n");
        var bareLf = await client.ReadReplyAsync();
        await client.ShouldReplyAsync("NOOP " + new string('x', 3000), 500, "5.5.2");
        await client.ShouldReplyAsync("NOOP \0", 500, "5.5.2");
        await client.ShouldReplyAsync("NOOP", 250, "2.0.0");

        (bareLf.Code, bareLf.Enhanced).ShouldBe((500, "5.5.2"));
        // Three bad lines so far; seven more reach the limit of ten, the eleventh closes.
        for (var i = 0; i < 7; i++)
        {
            (await client.CommandAsync("FOO")).Code.ShouldBe(500);
        }

        (await client.CommandAsync("FOO")).Code.ShouldBe(421);
        (await client.IsClosedAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task A_command_flood_before_authentication_is_cut_off()
    {
        await using var client = await _server.ConnectAsync();
        await client.ReadReplyAsync();

        await client.SendAsync(string.Concat(Enumerable.Repeat("NOOP\r\n", 25)));
        var codes = new List<int>();
        for (var i = 0; i < 21; i++)
        {
            codes.Add((await client.ReadReplyAsync()).Code);
        }

        codes.Take(20).ShouldAllBe(c => c == 250);
        codes[20].ShouldBe(421);
        (await client.IsClosedAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task The_server_stopping_says_421_and_closes()
    {
        await using var client = await _server.ConnectAsync();
        await client.ReadReplyAsync();

        await _server.SignalStoppingAsync();
        var reply = await client.ReadReplyAsync();

        (reply.Code, reply.Enhanced).ShouldBe((421, "4.3.2"));
        (await client.IsClosedAsync()).ShouldBeTrue();
    }
}

/// <summary>Rarer refusals, and what the logs may never hold.</summary>
public sealed class RefusalAndLogTests
{
    [Fact]
    public async Task Unknown_parameters_unimplemented_commands_and_an_overlong_auth_answer()
    {
        await using var server = await SubmissionServer.StartAsync();
        await using var client = await server.AuthenticatedAsync();

        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}> RET=EVERYTHING", 555, "5.5.4");
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}> FUTURE=1", 555, "5.5.4");
        await client.ShouldReplyAsync("EXPN staff", 502, "5.5.1");
        await client.ShouldReplyAsync("VRFY someone", 252, "2.5.0");
        await using var second = await server.ConnectAsync();
        await second.SecureAsync();
        (await second.CommandAsync("AUTH XOAUTH2")).Code.ShouldBe(334);
        await second.ShouldReplyAsync(new string('A', 20_000), 500, "5.5.6");
        await second.ShouldReplyAsync("NOOP", 250, "2.0.0");
    }

    [Fact]
    public async Task Tokens_and_message_bodies_never_reach_the_logs()
    {
        var logger = new CapturingLogger();
        await using var server = await SubmissionServer.StartAsync(logger: logger);
        const string Token = "eyJ-very-secret-token-value";
        await using var client = await server.ConnectAsync();
        await client.SecureAsync();
        (await client.CommandAsync($"AUTH XOAUTH2 {Dialogue.XOAuth2(SubmissionServer.Bal, Token)}")).Code.ShouldBe(334);
        (await client.CommandAsync("")).Code.ShouldBe(535);
        (await client.CommandAsync($"AUTH XOAUTH2 {Dialogue.XOAuth2(SubmissionServer.Bal, "good")}")).Code.ShouldBe(235);
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}>", 250, "2.1.0");
        await client.ShouldReplyAsync("RCPT TO:<a@op.test>", 250, "2.1.5");
        (await client.CommandAsync("DATA")).Code.ShouldBe(354);
        await client.ShouldReplyAsync("Subject: diagnosis\r\n\r\nconfidential-body-text\r\n.", 250, "2.0.0");

        var logs = string.Join("\n", logger.Lines);
        logs.ShouldContain("AUTH XOAUTH2 Failed (bad token)");
        logs.ShouldContain("accepted");
        logs.ShouldNotContain(Token);
        logs.ShouldNotContain(Dialogue.XOAuth2(SubmissionServer.Bal, Token));
        logs.ShouldNotContain("confidential-body-text");
        logs.ShouldNotContain("diagnosis");
        // The Trace transcript is there, redacted: credentials masked, content counted.
        logs.ShouldContain("C: AUTH XOAUTH2 ***");
        logs.ShouldContain("C: ***");
        logs.ShouldContain("S: 235 2.7.0 Authentication successful.");
        logs.ShouldContain($"C: MAIL FROM:<{SubmissionServer.Bal}>");
        logs.ShouldContain("C: (message content, 46 bytes)");
    }
}
