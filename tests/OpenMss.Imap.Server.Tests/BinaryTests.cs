using System.Text;

namespace OpenMss.Imap.Server.Tests;

/// <summary>BINARY (RFC 3516): content holding NUL comes back as a literal8, APPEND takes one, and the message is kept octet for octet.</summary>
public sealed class BinaryTests
{
    [Fact]
    public async Task Content_with_nul_is_sent_as_a_literal8_and_appended_from_one()
    {
        await using var server = await ImapServer.StartAsync();
        await using var client = await server.AuthenticatedAsync();
        // Part 1 is base64 of 00 01 02 03; part 2 is "binary", NUL and all, as APPEND's literal8 allows (§4.4).
        var message = "From: a@op.test\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAw==\r\n"
            + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\nA\0B\r\n--b--\r\n";
        await client.SendAsync($"a1 APPEND INBOX ~{{{Encoding.UTF8.GetByteCount(message)}+}}\r\n{message}\r\n");
        (await client.ReadUntilTaggedAsync("a1")).Tagged.ShouldStartWith("a1 OK [APPENDUID");
        await client.CommandAsync("SELECT INBOX");

        var fetched = await client.CommandAsync("FETCH 1 (BINARY.PEEK[1] BINARY.PEEK[2] BINARY.SIZE[1])");

        fetched.Untagged.ShouldBe(["* 1 FETCH (BINARY[1] ~{4}", "\0\u0001\u0002\u0003 BINARY[2] ~{3}", "A\0B BINARY.SIZE[1] 4)"], fetched.ToString());
        var whole = await client.CommandAsync("FETCH 1 BODY.PEEK[]");
        string.Join("\r\n", whole.Lines.Skip(1).SkipLast(1)).ShouldBe(message + ")");
    }

    [Fact]
    public async Task Text_without_nul_is_a_plain_literal()
    {
        await using var server = await ImapServer.StartAsync();
        await server.AppendAsync("INBOX", Encoding.UTF8.GetBytes("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nw6l0w6k=\r\n"));
        await using var client = await server.AuthenticatedAsync();
        await client.CommandAsync("EXAMINE INBOX");

        // A single-part message's part 1 is its body (RFC 3501 §6.4.5); EXAMINE sets no \\Seen.
        (await client.CommandAsync("FETCH 1 BINARY[1]")).Untagged.ShouldBe(["* 1 FETCH (BINARY[1] {5}", "été)"]);
    }
}
