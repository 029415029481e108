using System.Text;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>SEARCH keys, COPY and MOVE with COPYUID, APPEND with APPENDUID and literals.</summary>
public abstract class SearchCopyAppendTests : IAsyncLifetime
{
    protected abstract Backend Backend { get; }

    private ImapServer _server = null!;
    private RawImapClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ImapServer.StartAsync(backend: Backend);
        await _server.AppendAsync("INBOX", Encoding.UTF8.GetBytes("From: Dr Jean DUPONT <jean.dupont@op.test>\r\nSubject: =?utf-8?q?Compte_rendu_=C3=A9chographie?=\r\nDate: Sat, 21 Nov 2026 10:00:00 +0100\r\nX-MSS-INS: O\r\n\r\nPatient stable.\r\n"), MessageFlags.Seen);
        await _server.AppendAsync("INBOX", TestMessages.Create("biologie"), MessageFlags.Flagged);
        await _server.AppendAsync("INBOX", Encoding.UTF8.GetBytes("Subject: quoted\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nR=C3=A9sultat normal\r\n" + new string('x', 3000) + "\r\n"));
        _client = await _server.AuthenticatedAsync();
        await _client.CommandAsync("SELECT INBOX");
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("SEARCH ALL", "* SEARCH 1 2 3")]
    [InlineData("SEARCH UNSEEN", "* SEARCH 2 3")]
    [InlineData("SEARCH SEEN", "* SEARCH 1")]
    [InlineData("SEARCH FLAGGED", "* SEARCH 2")]
    [InlineData("SEARCH NOT FLAGGED UNSEEN", "* SEARCH 3")]
    [InlineData("SEARCH OR SEEN FLAGGED", "* SEARCH 1 2")]
    [InlineData("SEARCH SUBJECT échographie", "* SEARCH 1")] // 8-bit atoms are read as UTF-8, leniently
    [InlineData("SEARCH CHARSET UTF-8 SUBJECT {12}\r\néchographie", "* SEARCH 1")]
    [InlineData("SEARCH FROM dupont", "* SEARCH 1 2")]
    [InlineData("SEARCH HEADER X-MSS-INS O", "* SEARCH 1")]
    [InlineData("SEARCH HEADER X-MSS-INS \"\"", "* SEARCH 1")]
    [InlineData("SEARCH BODY résultat", "* SEARCH 3")]
    [InlineData("SEARCH BODY {9+}\r\nrésultat", "* SEARCH 3")]
    [InlineData("SEARCH TEXT stable", "* SEARCH 1")]
    [InlineData("SEARCH LARGER 3000", "* SEARCH 3")]
    [InlineData("SEARCH SMALLER 3000", "* SEARCH 1 2")]
    [InlineData("SEARCH SENTBEFORE 22-Nov-2026", "* SEARCH 1")]
    [InlineData("SEARCH SENTON 22-Nov-2026", "* SEARCH 2")]
    [InlineData("SEARCH ON 22-Nov-2026", "* SEARCH 1 2 3")]
    [InlineData("SEARCH BEFORE 22-Nov-2026", "* SEARCH")]
    [InlineData("SEARCH 2:* UNSEEN", "* SEARCH 2 3")]
    [InlineData("UID SEARCH UID 2:3 NOT DELETED", "* SEARCH 2 3")]
    [InlineData("SEARCH NEW", "* SEARCH 2 3")] // recent in this session (the first to select) and unseen
    [InlineData("SEARCH (OLD KEYWORD $Label1)", "* SEARCH")]
    public async Task Search_keys(string command, string expected)
    {
        var reply = await _client.CommandAsync(command);

        reply.Tagged.ShouldEndWith("SEARCH completed.", customMessage: reply.ToString());
        reply.Untagged.ShouldContain(expected);
    }

    [Fact]
    public async Task An_unknown_charset_is_badcharset() =>
        (await _client.CommandAsync("SEARCH CHARSET KOI8-R TEXT x")).Tagged.ShouldBe("t4 NO [BADCHARSET (UTF-8 US-ASCII)] Only UTF-8 and US-ASCII searches are supported.");

    [Fact]
    public async Task Copy_and_move_report_copyuid_and_move_expunges_the_source()
    {
        var copy = await _client.CommandAsync("COPY 1:2 Archive");
        copy.Tagged.ShouldMatch(@"^t4 OK \[COPYUID \d+ 1,2 1,2\] COPY completed\.$");
        (await _client.CommandAsync("COPY 1 Nowhere")).Tagged.ShouldBe("t5 NO [TRYCREATE] There is no mailbox Nowhere.");
        (await _client.CommandAsync("COPY 7 Archive")).Tagged.ShouldBe("t6 BAD Invalid sequence number.");

        var move = await _client.CommandAsync("UID MOVE 2 Archive");
        move.Lines[0].ShouldMatch(@"^\* OK \[COPYUID \d+ 2 3\] Moved\.$");
        move.Lines[1].ShouldBe("* 2 EXPUNGE");
        move.Tagged.ShouldBe("t7 OK UID MOVE completed.");
        (await _client.CommandAsync("STATUS Archive (MESSAGES)")).Lines[0].ShouldBe("* STATUS \"Archive\" (MESSAGES 3)");
    }

    [Fact]
    public async Task Address_keys_match_the_addresses_as_envelope_gives_them()
    {
        await _server.AppendAsync("INBOX", Encoding.ASCII.GetBytes("From: <user-from (comment)@ (comment) domain.org>\r\nTo: Service  de  cardiologie <cardio@chu.test>\r\nSubject: s\r\n\r\nx\r\n"));
        await _client.CommandAsync("NOOP");

        (await _client.CommandAsync("SEARCH FROM user-from@domain.org")).Untagged.ShouldBe(["* SEARCH 4"]);
        (await _client.CommandAsync("SEARCH TO cardio@chu.test")).Untagged.ShouldBe(["* SEARCH 4"]);
        (await _client.CommandAsync("SEARCH FROM \"(comment)\"")).Untagged.ShouldBe(["* SEARCH 4"]); // the header text still matches too
        (await _client.CommandAsync("SEARCH TO nobody@chu.test")).Untagged.ShouldBe(["* SEARCH"]);
    }

    [Fact]
    public async Task Copy_and_move_into_the_selected_mailbox_report_the_new_messages_in_their_own_response()
    {
        // RFC 3501 §5.2: the client learns of the new messages in the response to the command that made them.
        var copy = await _client.CommandAsync("COPY 1:2 INBOX");
        copy.Untagged.ShouldBe(["* 5 EXISTS", "* 5 RECENT"]); // copies are recent where they are first seen (RFC 3501 §6.4.7)
        copy.Tagged.ShouldMatch(@"^t4 OK \[COPYUID \d+ 1,2 4,5\] COPY completed\.$");

        var move = await _client.CommandAsync("UID MOVE 3 INBOX");
        move.Lines.ShouldBe([move.Lines[0], "* 3 EXPUNGE", "* 5 EXISTS", "* 5 RECENT", "t5 OK UID MOVE completed."]);
        move.Lines[0].ShouldMatch(@"^\* OK \[COPYUID \d+ 3 6\] Moved\.$");
    }

    [Fact]
    public async Task Append_with_a_synchronising_literal_reports_appenduid_and_exists()
    {
        const string message = "From: a@op.test\r\nSubject: appended\r\n\r\nhello\r\n";
        await _client.SendAsync($"a1 APPEND INBOX (\\Seen $Label1) \"22-Nov-2026 11:00:00 +0100\" {{{message.Length}}}\r\n");
        (await _client.ReadLineAsync()).ShouldBe("+ Ready for literal data");
        await _client.SendAsync(message + "\r\n");
        var done = await _client.ReadUntilTaggedAsync("a1");

        done.Untagged.ShouldBe(
        [
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1)", // the new message brings a keyword (RFC 3501 §7.2.6)
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1 \\*)] Flags permitted.",
            "* 4 EXISTS",
            "* 4 RECENT",
        ]);
        done.Tagged.ShouldMatch(@"^a1 OK \[APPENDUID \d+ 4\] APPEND completed\.$");
        (await _client.CommandAsync("FETCH 4 (FLAGS INTERNALDATE)")).Lines[0].ShouldBe("* 4 FETCH (FLAGS (\\Seen \\Recent $Label1) INTERNALDATE \"22-Nov-2026 10:00:00 +0000\")"); // the store keeps the instant, in UTC
        (await _client.CommandAsync("APPEND Nowhere {1+}\r\nx")).Tagged.ShouldBe("t5 NO [TRYCREATE] There is no mailbox Nowhere.");
    }
}

public sealed class SqliteSearchCopyAppendTests : SearchCopyAppendTests
{
    protected override Backend Backend => Backend.Sqlite;
}

public sealed class PostgresSearchCopyAppendTests : SearchCopyAppendTests
{
    protected override Backend Backend => Backend.Postgres;
}
