using System.Security.Cryptography.X509Certificates;
using OpenMss.Net;
using OpenMss.Pki;
using OpenMss.TestSupport;

namespace OpenMss.Smtp.Server.Tests;

/// <summary>Slow clients, connection limits, and the AUTH_CLI front's certificate and PLAIN.</summary>
public sealed class LimitsAndFrontsTests
{
    [Fact]
    public async Task A_line_trickling_in_byte_by_byte_is_cut_at_the_command_timeout()
    {
        var clock = new SteppedClock();
        await using var server = await SubmissionServer.StartAsync(limits: l => l with { CommandTimeout = TimeSpan.FromMinutes(5) }, clock: clock);
        await using var client = await server.ConnectAsync();
        await client.ReadReplyAsync();
        var reply = Task.Run(client.ReadReplyAsync);

        await clock.WaitForTimerAsync(TimeSpan.FromMinutes(5)); // the server waits for a command
        await client.SendAsync("NOO"u8.ToArray());
        clock.Advance(TimeSpan.FromMinutes(4));
        await client.SendAsync("P NO"u8.ToArray());
        reply.IsCompleted.ShouldBeFalse("bytes keep coming, but the line is not complete");
        clock.Advance(TimeSpan.FromMinutes(1));

        var timeout = await reply;
        (timeout.Code, timeout.Enhanced).ShouldBe((421, "4.4.2"));
    }

    [Fact]
    public async Task A_message_trickling_in_is_cut_at_the_data_timeout_and_not_delivered()
    {
        var clock = new SteppedClock();
        await using var server = await SubmissionServer.StartAsync(limits: l => l with { DataTimeout = TimeSpan.FromMinutes(10) }, clock: clock);
        await using var client = await server.AuthenticatedAsync();
        await client.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.Bal}>", 250, "2.1.0");
        await client.ShouldReplyAsync("RCPT TO:<a@op.test>", 250, "2.1.5");
        (await client.CommandAsync("DATA")).Code.ShouldBe(354);
        var reply = Task.Run(client.ReadReplyAsync);

        await clock.WaitForTimerAsync(TimeSpan.FromMinutes(10));
        await client.SendAsync("Subject: slow\r\n\r\nx\r\n");
        clock.Advance(TimeSpan.FromMinutes(9));
        await client.SendAsync("x\r\n");
        reply.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromMinutes(1));

        (await reply).Code.ShouldBe(421);
        server.Delivered.ShouldBeEmpty();
    }

    [Fact]
    public async Task Connections_beyond_the_per_address_limit_get_421()
    {
        await using var server = await SubmissionServer.StartAsync(limits: l => l with { MaxConnectionsPerAddress = 2 });
        await using var first = await server.ConnectAsync();
        await using var second = await server.ConnectAsync();
        (await first.ReadReplyAsync()).Code.ShouldBe(220);
        (await second.ReadReplyAsync()).Code.ShouldBe(220);

        await using var third = await server.ConnectAsync();
        var refused = await third.ReadReplyAsync();

        (refused.Code, refused.Enhanced).ShouldBe((421, "4.7.0"));
        await first.CommandAsync("QUIT");
        (await first.IsClosedAsync()).ShouldBeTrue(); // the slot is given back before the socket closes
        await using var fourth = await server.ConnectAsync();
        (await fourth.ReadReplyAsync()).Code.ShouldBe(220);
    }

    [Fact]
    public async Task The_auth_cli_front_offers_plain_only_under_tls_and_wants_the_certificate()
    {
        await using var server = await SubmissionServer.StartAsync(FrontKind.AuthCli);
        using var certificate = X509Certificate2.CreateFromPemFile(RunningSandbox.Pki.ClientCertificate(TestPki.DefaultClientName), RunningSandbox.Pki.ClientKey(TestPki.DefaultClientName));

        await using var anonymous = await server.ConnectAsync();
        await anonymous.ReadReplyAsync();
        (await anonymous.CommandAsync("EHLO app.test")).Text.ShouldNotContain("AUTH");
        await anonymous.ShouldReplyAsync($"AUTH PLAIN {Dialogue.Plain(SubmissionServer.AppBal)}", 538, "5.7.11");
        await anonymous.StartTlsAsync();
        (await anonymous.CommandAsync("EHLO app.test")).Lines[^1].ShouldBe("250 AUTH PLAIN");
        await anonymous.ShouldReplyAsync($"AUTH XOAUTH2 {Dialogue.XOAuth2(SubmissionServer.AppBal, "good")}", 504, "5.5.4");
        await anonymous.ShouldReplyAsync($"AUTH PLAIN {Dialogue.Plain(SubmissionServer.AppBal)}", 535, "5.7.8");

        await using var application = await server.ConnectAsync();
        await application.SecureAsync(certificate);
        await application.ShouldReplyAsync("AUTH PLAIN !!", 501, "5.5.2");
        await application.ShouldReplyAsync($"AUTH PLAIN {Dialogue.Plain(SubmissionServer.AppBal)}", 235, "2.7.0");
        await application.ShouldReplyAsync($"MAIL FROM:<{SubmissionServer.AppBal}>", 250, "2.1.0");
    }
}
