using System.Diagnostics;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>IDLE pushes what others commit; an authenticated session ends at its lifetime with BYE [EXPIRED].</summary>
public abstract class IdleAndLifetimeTests
{
    protected abstract Backend Backend { get; }

    [Fact]
    public async Task Idle_pushes_a_new_message_and_a_flag_change_within_a_second()
    {
        await using var server = await ImapServer.StartAsync(backend: Backend);
        await using var client = await server.AuthenticatedAsync();
        await using var other = await server.AuthenticatedAsync();
        await client.CommandAsync("SELECT INBOX");
        await other.CommandAsync("SELECT INBOX");

        await client.SendAsync("i1 IDLE\r\n");
        (await client.ReadLineAsync()).ShouldBe("+ idling");
        var clock = Stopwatch.StartNew();
        await server.AppendAsync("INBOX", TestMessages.Create("pushed"));
        (await client.ReadLineAsync()).ShouldBe("* 1 EXISTS");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5)); // the issue asks for 1 s; a loaded CI machine gets slack
        (await other.CommandAsync("NOOP")).Untagged.ShouldBe(["* 1 EXISTS"]);
        await other.CommandAsync("STORE 1 +FLAGS (\\Flagged)");
        (await client.ReadLineAsync()).ShouldBe("* 1 FETCH (FLAGS (\\Flagged))");
        await client.SendAsync("DONE\r\n");

        (await client.ReadUntilTaggedAsync("i1")).Tagged.ShouldBe("i1 OK IDLE terminated.");
        (await client.CommandAsync("NOOP")).Tagged.ShouldEndWith("OK NOOP completed.");
    }

    [Fact]
    public async Task Idle_must_end_with_done()
    {
        await using var server = await ImapServer.StartAsync(backend: Backend);
        await using var client = await server.AuthenticatedAsync();

        await client.SendAsync("i1 IDLE\r\n");
        await client.ReadLineAsync();
        await client.SendAsync("NOOP\r\n");

        (await client.ReadUntilTaggedAsync("i1")).Tagged.ShouldBe("i1 BAD IDLE ends with DONE.");
    }

    [Fact]
    public async Task The_authenticated_session_ends_at_its_lifetime()
    {
        await using var server = await ImapServer.StartAsync(limits: l => l with { SessionLifetime = TimeSpan.FromMilliseconds(300) }, backend: Backend);
        await using var client = await server.AuthenticatedAsync();
        await Task.Delay(500);

        await client.SendAsync("t9 NOOP\r\n");

        (await client.ReadLineAsync()).ShouldBe("* BYE [EXPIRED] The session reached its maximum lifetime: reconnect with a fresh token.");
        (await client.ReadLineAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task A_request_trickling_in_is_cut_at_the_request_timeout()
    {
        await using var server = await ImapServer.StartAsync(limits: l => l with { RequestTimeout = TimeSpan.FromSeconds(1) }, backend: Backend);
        await using var client = await server.ConnectAsync();
        await client.ReadLineAsync();

        var bye = Task.Run(client.ReadLineAsync);
        foreach (var c in "a1 NOOP NOOP NOOP")
        {
            if (bye.IsCompleted)
            {
                break;
            }

            try
            {
                await client.SendAsync(c.ToString());
            }
            catch (IOException)
            {
                break;
            }

            await Task.Delay(300);
        }

        (await bye).ShouldBe("* BYE Autologout: idle for too long.");
    }
}

public sealed class SqliteIdleAndLifetimeTests : IdleAndLifetimeTests
{
    protected override Backend Backend => Backend.Sqlite;
}

public sealed class PostgresIdleAndLifetimeTests : IdleAndLifetimeTests
{
    protected override Backend Backend => Backend.Postgres;
}
