namespace OpenMss.Imap.Server.Tests;

/// <summary>Malformed and hostile input gets the RFC's answer and the session goes on, or ends cleanly at a limit.</summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private ImapServer _server = null!;

    public async Task InitializeAsync() => _server = await ImapServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Connections_beyond_the_per_address_limit_get_bye_and_a_freed_place_is_given_again()
    {
        await using var server = await ImapServer.StartAsync(limits: l => l with { MaxConnectionsPerAddress = 1 });
        await using var first = await server.ConnectAsync();
        (await first.ReadLineAsync()).ShouldStartWith("* OK ");

        await using (var second = await server.ConnectAsync())
        {
            (await second.ReadLineAsync()).ShouldBe("* BYE [UNAVAILABLE] Too many connections from your address.");
            (await second.ReadLineAsync()).ShouldBeNull();
        }

        var released = new TaskCompletionSource();
        server.Front.Connections.Released += _ => released.TrySetResult();
        await first.SendAsync("z LOGOUT\r\n");
        await first.ReadUntilTaggedAsync("z");
        (await first.ReadLineAsync()).ShouldBeNull();
        await released.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await using var third = await server.ConnectAsync();
        (await third.ReadLineAsync()).ShouldStartWith("* OK ");
    }

    [Fact]
    public async Task A_huge_literal_is_refused_before_it_is_sent_and_the_session_goes_on()
    {
        await using var client = await _server.AuthenticatedAsync();

        await client.SendAsync("h1 SELECT {999999999999}\r\n");

        (await client.ReadLineAsync()).ShouldBe("h1 BAD [TOOBIG] Literal of 999999999999 octets exceeds the limit of 65536.");
        (await client.CommandAsync("NOOP")).Tagged.ShouldEndWith("OK NOOP completed.");
    }

    [Fact]
    public async Task Deep_parentheses_invalid_sets_and_wrong_states_are_bad()
    {
        await using var client = await _server.AuthenticatedAsync();

        (await client.CommandAsync("SEARCH " + new string('(', 100) + "ALL" + new string(')', 100))).Tagged.ShouldEndWith("BAD Too many nested parentheses.");
        await client.CommandAsync("SELECT INBOX");
        (await client.CommandAsync("FETCH 0:5 FLAGS")).Tagged.ShouldEndWith("BAD Invalid sequence set.");
        (await client.CommandAsync("FETCH 5 FLAGS")).Tagged.ShouldEndWith("BAD Invalid sequence number.");
        (await client.CommandAsync("STARTTLS")).Tagged.ShouldEndWith("BAD TLS is already on.");
        (await client.CommandAsync("FETCH 1 (FLAGS")).Tagged.ShouldEndWith("BAD Unclosed parenthesis.");
        (await client.CommandAsync("NOOP")).Tagged.ShouldEndWith("OK NOOP completed.");
    }

    [Fact]
    public async Task An_overlong_line_is_refused_and_the_next_command_read()
    {
        await using var client = await _server.AuthenticatedAsync();

        await client.SendAsync("h1 NOOP " + new string('x', 70_000) + "\r\nh2 NOOP\r\n");

        (await client.ReadLineAsync()).ShouldBe("* BAD [TOOBIG] Line too long.");
        (await client.ReadUntilTaggedAsync("h2")).Tagged.ShouldBe("h2 OK NOOP completed.");
    }

    [Fact]
    public async Task A_flood_before_authentication_ends_with_bye()
    {
        await using var client = await _server.ConnectAsync();
        await client.ReadLineAsync();

        await client.SendAsync(string.Concat(Enumerable.Range(1, 25).Select(i => $"f{i} NOOP\r\n")));
        var lines = new List<string>();
        while (await client.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        lines.Count(l => l.EndsWith("OK NOOP completed.", StringComparison.Ordinal)).ShouldBe(20);
        lines[^1].ShouldBe("* BYE Too many commands before authentication.");
    }

    [Fact]
    public async Task Too_many_bad_commands_end_with_bye()
    {
        await using var client = await _server.ConnectAsync();
        await client.ReadLineAsync();

        await client.SendAsync(string.Concat(Enumerable.Range(1, 21).Select(i => $"b{i} FROB\r\n")));
        var lines = new List<string>();
        while (await client.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        lines.Count(l => l.EndsWith("BAD Unknown command FROB.", StringComparison.Ordinal)).ShouldBe(21);
        lines[^1].ShouldBe("* BYE Too many errors.");
    }
}
