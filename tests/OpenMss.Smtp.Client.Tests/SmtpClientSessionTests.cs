using System.Text;

namespace OpenMss.Smtp.Client.Tests;

/// <summary>The relaying client against a recording server: what goes on the wire, octet for octet.</summary>
public sealed class SmtpClientSessionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly byte[] Message = Encoding.UTF8.GetBytes("Subject: compte rendu\r\nFrom: <dpi@a.test>\r\n\r\n.ligne qui commence par un point\r\nCorps é.\r\n");

    private static ClientEnvelope Envelope(params string[] recipients) => new(
        "dpi@a.test", [.. recipients.Select(r => new ClientRecipient(r, "FAILURE,DELAY", $"rfc822;{r}+x"))], EnvId: "env 1", Ret: "HDRS");

    [Fact]
    public async Task With_chunking_and_pipelining_the_envelope_goes_in_one_write_and_the_message_as_one_bdat_unchanged()
    {
        await using var peer = new RecordingPeer(["PIPELINING", "CHUNKING", "8BITMIME", "SIZE 1000000", "DSN"]);
        await using (var session = await SmtpClientSession.OpenAsync(await peer.ConnectAsync(), "mx.a.test", Timeout, default))
        {
            var replies = await session.SendAsync(Envelope("x@b.test", "y@b.test"), new MemoryStream(Message), Message.Length, eightBit: true, default);

            replies.Mail.Code.ShouldBe(250);
            replies.Recipients.Select(r => r.Code).ShouldBe([250, 250]);
            replies.Content.ShouldNotBeNull().Text.ShouldBe("2.0.0 OK: queued as b1.");
        }

        peer.LastContent.ShouldBe(Message);
        var lines = peer.Received.Split("\r\n");
        lines.ShouldContain($"MAIL FROM:<dpi@a.test> SIZE={Message.Length} BODY=8BITMIME RET=HDRS ENVID=env+201");
        lines.ShouldContain("RCPT TO:<x@b.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;x@b.test+2Bx");
        lines.ShouldContain($"BDAT {Message.Length} LAST");
        lines.ShouldNotContain("DATA");
        lines[^2].ShouldBe("QUIT");
    }

    [Fact]
    public async Task Without_chunking_data_is_dot_stuffed_and_without_dsn_no_dsn_parameter_is_sent()
    {
        await using var peer = new RecordingPeer(["8BITMIME"]);
        await using (var session = await SmtpClientSession.OpenAsync(await peer.ConnectAsync(), "mx.a.test", Timeout, default))
        {
            (await session.SendAsync(Envelope("x@b.test"), new MemoryStream(Message), Message.Length, eightBit: true, default)).Content!.Code.ShouldBe(250);
        }

        Encoding.UTF8.GetString(peer.LastContent).ShouldContain("\r\n..ligne qui commence par un point\r\n");
        peer.Received.ShouldContain("MAIL FROM:<dpi@a.test> BODY=8BITMIME\r\nRCPT TO:<x@b.test>\r\nDATA\r\n");
    }

    [Fact]
    public async Task A_refused_recipient_gets_its_own_reply_and_no_recipient_at_all_sends_no_content()
    {
        await using var peer = new RecordingPeer(["PIPELINING", "CHUNKING"], "nobody@b.test", "ghost@b.test");
        await using var session = await SmtpClientSession.OpenAsync(await peer.ConnectAsync(), "mx.a.test", Timeout, default);

        var half = await session.SendAsync(Envelope("x@b.test", "nobody@b.test"), new MemoryStream(Message), Message.Length, eightBit: false, default);
        var none = await session.SendAsync(Envelope("nobody@b.test", "ghost@b.test"), new MemoryStream(Message), Message.Length, eightBit: false, default);

        half.Recipients.Select(r => r.ToString()).ShouldBe(["250 2.0.0 OK", "550 5.1.1 No such BAL here."]);
        half.Content!.Code.ShouldBe(250);
        none.Content.ShouldBeNull();
        none.Recipients.ShouldAllBe(r => r.Code == 550);
        peer.Received.ShouldContain("RSET\r\n");
        session.IsConnected.ShouldBeTrue();
    }

    [Fact]
    public async Task A_server_that_is_no_smtp_server_is_refused_in_one_sentence()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync();
            await socket.GetStream().WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\n\r\n"));
        });
        var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, ((System.Net.IPEndPoint)listener.LocalEndpoint).Port);

        var refused = await Should.ThrowAsync<SmtpClientException>(() => SmtpClientSession.OpenAsync(client.GetStream(), "mx.a.test", Timeout, default));

        refused.Message.ShouldBe("The server sent a line that is no SMTP reply: HTTP/1.1 400 Bad Request");
        await serving;
    }
}
