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
        (await client.ReadLineAsync()).ShouldBe("* 1 RECENT"); // told first, so recent here (RFC 3501 §2.3.2)
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5)); // the issue asks for 1 s; a loaded CI machine gets slack
        (await other.CommandAsync("NOOP")).Untagged.ShouldBe(["* 1 EXISTS"]);
        await other.CommandAsync("STORE 1 +FLAGS (\\Flagged)");
        (await client.ReadLineAsync()).ShouldBe("* 1 FETCH (FLAGS (\\Flagged \\Recent))");
        await client.SendAsync("DONE\r\n");

        (await client.ReadUntilTaggedAsync("i1")).Tagged.ShouldBe("i1 OK IDLE terminated.");
        (await client.CommandAsync("NOOP")).Tagged.ShouldEndWith("OK NOOP completed.");
    }

    [Fact]
    public async Task A_second_idle_of_the_session_is_pushed_what_others_commit()
    {
        await using var server = await ImapServer.StartAsync(backend: Backend);
        await using var client = await server.AuthenticatedAsync();
        await client.CommandAsync("SELECT INBOX");
        // A client renews its IDLE (RFC 2177 §3: within 29 minutes); the first one's wait must not outlive it.
        await client.SendAsync("i1 IDLE\r\n");
        (await client.ReadLineAsync()).ShouldBe("+ idling");
        await client.SendAsync("DONE\r\n");
        (await client.ReadUntilTaggedAsync("i1")).Tagged.ShouldBe("i1 OK IDLE terminated.");

        await client.SendAsync("i2 IDLE\r\n");
        (await client.ReadLineAsync()).ShouldBe("+ idling");
        await server.AppendAsync("INBOX", TestMessages.Create("pushed to the renewed idle"));

        (await client.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))).ShouldBe("* 1 EXISTS");
        await client.SendAsync("DONE\r\n");
        (await client.ReadUntilTaggedAsync("i2")).Tagged.ShouldBe("i2 OK IDLE terminated.");
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
        var clock = new SteppedClock();
        await using var server = await ImapServer.StartAsync(limits: l => l with { SessionLifetime = TimeSpan.FromMinutes(15) }, backend: Backend, clock: clock);
        await using var client = await server.AuthenticatedAsync();
        clock.Advance(TimeSpan.FromMinutes(14));
        (await client.CommandAsync("NOOP")).Tagged.ShouldEndWith("OK NOOP completed.");
        clock.Advance(TimeSpan.FromMinutes(1));

        await client.SendAsync("t9 NOOP\r\n");

        (await client.ReadLineAsync()).ShouldBe("* BYE [EXPIRED] The session reached its maximum lifetime: reconnect with a fresh token.");
        (await client.ReadLineAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task A_request_trickling_in_is_cut_at_the_request_timeout_counted_from_its_first_byte()
    {
        var clock = new SteppedClock();
        await using var server = await ImapServer.StartAsync(limits: l => l with { RequestTimeout = TimeSpan.FromMinutes(1) }, backend: Backend, clock: clock);
        await using var client = await server.ConnectAsync();
        await client.ReadLineAsync();
        var bye = Task.Run(client.ReadLineAsync);

        await client.SendAsync("a1 NO");
        await clock.WaitForTimerAsync(TimeSpan.FromMinutes(1)); // the server saw the first byte: the request's deadline runs
        clock.Advance(TimeSpan.FromSeconds(59));
        await client.SendAsync("OP NO");
        bye.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(1));

        (await bye).ShouldBe("* BYE Autologout: idle for too long.");
    }

    [Fact]
    public async Task An_idle_client_is_logged_out_at_the_idle_timeout_and_not_before()
    {
        var clock = new SteppedClock();
        await using var server = await ImapServer.StartAsync(limits: l => l with { IdleTimeout = TimeSpan.FromMinutes(30) }, backend: Backend, clock: clock);
        await using var client = await server.AuthenticatedAsync();
        var bye = Task.Run(client.ReadLineAsync);

        await clock.WaitForTimerAsync(TimeSpan.FromMinutes(30));
        clock.Advance(TimeSpan.FromMinutes(29));
        bye.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromMinutes(1));

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
