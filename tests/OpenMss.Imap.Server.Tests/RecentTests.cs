using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>\Recent (RFC 3501 §2.3.2): a message is recent in exactly one session, the first to select its folder after it arrived.</summary>
public abstract class RecentTests : IAsyncLifetime
{
    private ImapServer _server = null!;

    protected abstract Backend Backend { get; }

    public async Task InitializeAsync()
    {
        _server = await ImapServer.StartAsync(backend: Backend);
        await _server.AppendAsync("INBOX", TestMessages.Create("un"));
        await _server.AppendAsync("INBOX", TestMessages.Create("deux"), MessageFlags.Seen);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_first_select_takes_the_recent_messages_and_examine_and_status_leave_them()
    {
        await using var reader = await _server.AuthenticatedAsync();
        await using var first = await _server.AuthenticatedAsync();
        await using var second = await _server.AuthenticatedAsync();

        (await reader.CommandAsync("STATUS INBOX (RECENT MESSAGES)")).Lines[0].ShouldBe("* STATUS \"INBOX\" (RECENT 2 MESSAGES 2)");
        var examine = await reader.CommandAsync("EXAMINE INBOX");
        examine.Untagged.ShouldContain("* 2 RECENT");
        (await reader.CommandAsync("FETCH 1 FLAGS")).Lines[0].ShouldBe("* 1 FETCH (FLAGS (\\Recent))");

        var select = await first.CommandAsync("SELECT INBOX");
        select.Untagged.ShouldContain("* 2 RECENT", "EXAMINE did not take them");
        (await first.CommandAsync("FETCH 1:2 FLAGS")).Untagged.ShouldBe(["* 1 FETCH (FLAGS (\\Recent))", "* 2 FETCH (FLAGS (\\Seen \\Recent))"]);
        (await first.CommandAsync("SEARCH RECENT")).Lines[0].ShouldBe("* SEARCH 1 2");
        (await first.CommandAsync("SEARCH NEW")).Lines[0].ShouldBe("* SEARCH 1");
        (await first.CommandAsync("SEARCH OLD")).Lines[0].ShouldBe("* SEARCH");

        (await second.CommandAsync("SELECT INBOX")).Untagged.ShouldContain("* 0 RECENT");
        (await second.CommandAsync("FETCH 1 FLAGS")).Lines[0].ShouldBe("* 1 FETCH (FLAGS ())");
        (await second.CommandAsync("SEARCH OLD")).Lines[0].ShouldBe("* SEARCH 1 2");
        (await second.CommandAsync("SEARCH RECENT")).Lines[0].ShouldBe("* SEARCH");
        (await reader.CommandAsync("STATUS INBOX (RECENT)")).Lines[0].ShouldBe("* STATUS \"INBOX\" (RECENT 0)");
    }

    [Fact]
    public async Task A_message_arriving_while_two_sessions_have_the_folder_selected_is_recent_in_one_of_them()
    {
        await using var a = await _server.AuthenticatedAsync();
        await using var b = await _server.AuthenticatedAsync();
        await a.CommandAsync("SELECT INBOX");
        await b.CommandAsync("SELECT INBOX");

        var uid = await _server.AppendAsync("INBOX", TestMessages.Create("trois"));
        var noops = await Task.WhenAll(a.CommandAsync("NOOP"), b.CommandAsync("NOOP"));

        noops.ShouldAllBe(n => n.Untagged.Contains("* 3 EXISTS"));
        // a holds the two older ones as recent: it would say "* 3 RECENT", b "* 1 RECENT"; only the one that took it speaks.
        noops.Count(n => n.Untagged.Any(l => l.EndsWith(" RECENT", StringComparison.Ordinal))).ShouldBe(1, string.Join(" | ", noops.Select(n => n.ToString())));
        var flags = await Task.WhenAll(a.CommandAsync($"UID FETCH {uid} FLAGS"), b.CommandAsync($"UID FETCH {uid} FLAGS"));
        flags.Count(f => f.Lines[0].Contains("\\Recent", StringComparison.Ordinal)).ShouldBe(1);
    }
}

public sealed class SqliteRecentTests : RecentTests
{
    protected override Backend Backend => Backend.Sqlite;
}

public sealed class PostgresRecentTests : RecentTests
{
    protected override Backend Backend => Backend.Postgres;
}
