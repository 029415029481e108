using System.Text;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>What the session writes to the logs: a Trace transcript an operator can read, with no credential and no message content.</summary>
public sealed class SessionLogTests
{
    [Fact]
    public async Task The_trace_transcript_masks_credentials_and_counts_message_content()
    {
        var logger = new CapturingLogger();
        await using var server = await ImapServer.StartAsync(logger: logger);
        await server.AppendAsync("INBOX", Encoding.ASCII.GetBytes("Subject: diagnosis\r\n\r\nconfidential-body-text\r\n"));
        await using var client = await server.AuthenticatedAsync();
        await client.CommandAsync("SELECT INBOX");
        (await client.CommandAsync("APPEND INBOX {20+}\r\nsecret-append-body\r\n")).Tagged.ShouldContain("OK [APPENDUID");
        (await client.CommandAsync("FETCH 1 (ENVELOPE BODY[])")).Tagged.ShouldEndWith("OK FETCH completed.");
        await using var continued = await server.ConnectAsync();
        await continued.SecureAsync();
        await continued.SendAsync("c1 AUTHENTICATE XOAUTH2\r\n");
        (await continued.ReadLineAsync()).ShouldBe("+ ");
        await continued.SendAsync(Sasl.XOAuth2(ImapServer.Bal, "good") + "\r\n");
        (await continued.ReadUntilTaggedAsync("c1")).Tagged.ShouldStartWith("c1 OK");

        var logs = string.Join("\n", logger.Lines);
        logs.ShouldContain("C: t2 AUTHENTICATE XOAUTH2 ***");
        logger.Lines.ShouldContain(l => l.Contains("C: c1 AUTHENTICATE XOAUTH2 ", StringComparison.Ordinal) && !l.Contains("***", StringComparison.Ordinal));
        logs.ShouldContain("C: ***");
        logs.ShouldContain("C: t4 APPEND INBOX {20}");
        logs.ShouldContain("S: t3 OK [READ-WRITE] SELECT completed.");
        logs.ShouldContain("S: (FETCH data, ");
        logs.ShouldNotContain(Sasl.XOAuth2(ImapServer.Bal, "good"));
        logs.ShouldNotContain("secret-append-body");
        logs.ShouldNotContain("confidential-body-text");
        logs.ShouldNotContain("diagnosis");
    }
}
