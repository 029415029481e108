using System.Text;

namespace OpenMss.Imap.Server.Tests;

/// <summary>Before and during authentication: capabilities by state, STARTTLS, AUTHENTICATE's RFC 5530 answers.</summary>
public sealed class PreAuthenticationTests : IAsyncLifetime
{
    private ImapServer _server = null!;

    public async Task InitializeAsync() => _server = await ImapServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task In_clear_text_only_starttls_is_possible()
    {
        await using var client = await _server.ConnectAsync();
        var greeting = await client.ReadLineAsync();

        greeting.ShouldStartWith("* OK [CAPABILITY IMAP4rev1 ");
        greeting.ShouldContain("STARTTLS");
        greeting.ShouldContain("LOGINDISABLED");
        greeting.ShouldNotContain("AUTH=");
        (await client.CommandAsync($"AUTHENTICATE XOAUTH2 {Sasl.XOAuth2(ImapServer.Bal, "good")}")).Tagged.ShouldBe("t1 NO [PRIVACYREQUIRED] Issue STARTTLS first.");
        (await client.CommandAsync("LOGIN jean secret")).Tagged.ShouldBe("t2 NO [PRIVACYREQUIRED] Issue STARTTLS first.");
        (await client.CommandAsync("SELECT INBOX")).Tagged.ShouldBe("t3 BAD Authenticate first.");
        (await client.CommandAsync("NOOP")).Tagged.ShouldBe("t4 OK NOOP completed.");
    }

    [Fact]
    public async Task After_starttls_the_mechanisms_of_the_front_are_offered_and_login_stays_disabled()
    {
        await using var client = await _server.ConnectAsync();
        await client.SecureAsync();

        var capability = await client.CommandAsync("CAPABILITY");

        capability.Lines[0].ShouldBe("* CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE LOGINDISABLED AUTH=XOAUTH2 AUTH=OAUTHBEARER");
        (await client.CommandAsync("STARTTLS")).Tagged.ShouldBe("t3 BAD TLS is already on.");
        (await client.CommandAsync("LOGIN jean secret")).Tagged.ShouldStartWith("t4 NO [CANNOT] LOGIN is disabled");
        (await client.CommandAsync("AUTHENTICATE PLAIN")).Tagged.ShouldStartWith("t5 NO [CANNOT]");
    }

    [Fact]
    public async Task Authenticate_answers_with_rfc_5530_codes()
    {
        await using var client = await _server.ConnectAsync();
        await client.SecureAsync();

        (await client.CommandAsync($"AUTHENTICATE XOAUTH2 {Sasl.XOAuth2(ImapServer.Bal, "down")}")).Tagged.ShouldBe("t2 NO [UNAVAILABLE] Authentication is temporarily unavailable: try again later.");
        (await client.CommandAsync("AUTHENTICATE XOAUTH2 !!!")).Tagged.ShouldBe("t3 BAD Invalid base64.");

        await client.SendAsync($"t4 AUTHENTICATE XOAUTH2 {Sasl.XOAuth2(ImapServer.Bal, "expired")}\r\n");
        var challenge = await client.ReadLineAsync();
        Encoding.ASCII.GetString(Convert.FromBase64String(challenge![2..])).ShouldBe("{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"openid scope_all\"}");
        await client.SendAsync("\r\n");
        (await client.ReadUntilTaggedAsync("t4")).Tagged.ShouldBe("t4 NO [AUTHENTICATIONFAILED] Authentication failed.");

        await client.SendAsync($"t5 AUTHENTICATE XOAUTH2 {Sasl.XOAuth2(ImapServer.Bal, "other")}\r\n");
        (await client.ReadLineAsync()).ShouldStartWith("+ ");
        await client.SendAsync("\r\n");
        (await client.ReadUntilTaggedAsync("t5")).Tagged.ShouldBe("t5 NO [AUTHORIZATIONFAILED] Not authorised on this BAL.");
    }

    [Fact]
    public async Task Authenticate_without_initial_response_then_success_with_capabilities()
    {
        await using var client = await _server.ConnectAsync();
        await client.SecureAsync();

        await client.SendAsync("a2 AUTHENTICATE XOAUTH2\r\n");
        (await client.ReadLineAsync()).ShouldBe("+ ");
        await client.SendAsync(Sasl.XOAuth2(ImapServer.Bal, "good") + "\r\n");
        var done = await client.ReadUntilTaggedAsync("a2");

        done.Tagged.ShouldStartWith("a2 OK [CAPABILITY IMAP4rev1 ");
        done.Tagged.ShouldContain("NAMESPACE");
        done.Tagged.ShouldNotContain("AUTH=");
        (await client.CommandAsync($"AUTHENTICATE XOAUTH2 {Sasl.XOAuth2(ImapServer.Bal, "good")}")).Tagged.ShouldBe("t2 BAD Already authenticated.");
        (await client.CommandAsync("NAMESPACE")).Lines[0].ShouldBe("* NAMESPACE ((\"\" \"/\")) NIL NIL");
        var logout = await client.CommandAsync("LOGOUT");
        logout.Lines.ShouldBe(["* BYE Logging out.", "t4 OK LOGOUT completed."]);
    }

    [Fact]
    public async Task Id_enable_and_check_in_their_states()
    {
        await using var client = await _server.ConnectAsync();
        await client.ReadLineAsync();

        var id = await client.CommandAsync("ID (\"name\" \"LPS\" \"version\" \"1.0\")");
        (await client.CommandAsync("ID (\"name\")")).Tagged.ShouldBe("t2 BAD ID needs NIL or a list of field and value pairs.");
        (await client.CommandAsync("ENABLE CONDSTORE")).Tagged.ShouldBe("t3 BAD Authenticate first.");

        id.Lines[0].ShouldStartWith("* ID (\"name\" \"OpenMSS\"");
        id.Tagged.ShouldBe("t1 OK ID completed.");
        await client.StartTlsAsync();
        (await client.CommandAsync($"AUTHENTICATE XOAUTH2 {Sasl.XOAuth2(ImapServer.Bal, "good")}")).Tagged.ShouldStartWith("t5 OK");
        (await client.CommandAsync("ENABLE CONDSTORE UTF8=ACCEPT")).Lines.ShouldBe(["* ENABLED CONDSTORE", "t6 OK ENABLE completed."]); // RFC 7162: UTF8=ACCEPT is not offered, so not enabled
        (await client.CommandAsync("CHECK")).Tagged.ShouldBe("t7 BAD No mailbox selected.");
        await client.CommandAsync("SELECT INBOX");
        (await client.CommandAsync("CHECK")).Tagged.ShouldBe("t9 OK CHECK completed.");
    }

    [Fact]
    public async Task Authenticate_can_be_cancelled_and_three_failures_end_the_session()
    {
        await using var client = await _server.ConnectAsync();
        await client.SecureAsync();
        await client.SendAsync("t2 AUTHENTICATE XOAUTH2\r\n");
        await client.ReadLineAsync();
        await client.SendAsync("*\r\n");
        (await client.ReadUntilTaggedAsync("t2")).Tagged.ShouldBe("t2 BAD Authentication cancelled.");

        for (var i = 3; i <= 5; i++)
        {
            await client.SendAsync($"t{i} AUTHENTICATE XOAUTH2 {Sasl.XOAuth2(ImapServer.Bal, "bad")}\r\n");
            await client.ReadLineAsync();
            await client.SendAsync("\r\n");
            (await client.ReadUntilTaggedAsync($"t{i}")).Tagged.ShouldContain("[AUTHENTICATIONFAILED]");
        }

        (await client.ReadLineAsync()).ShouldBe("* BYE Too many authentication failures.");
        (await client.ReadLineAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Plaintext_pipelined_behind_starttls_is_refused()
    {
        await using var client = await _server.ConnectAsync();
        await client.ReadLineAsync();

        await client.SendAsync("t1 STARTTLS\r\nt2 AUTHENTICATE XOAUTH2 injected\r\n");

        (await client.ReadLineAsync()).ShouldBe("t1 BAD Commands pipelined after STARTTLS are refused.");
        (await client.ReadLineAsync()).ShouldStartWith("* BYE");
        (await client.ReadLineAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Stopping_says_bye_with_unavailable()
    {
        await using var client = await _server.ConnectAsync();
        await client.ReadLineAsync();

        await _server.SignalStoppingAsync();

        (await client.ReadLineAsync()).ShouldBe("* BYE [UNAVAILABLE] Server shutting down.");
    }
}
