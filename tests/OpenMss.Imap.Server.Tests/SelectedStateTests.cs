using System.Text;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>SELECT, FETCH, STORE, EXPUNGE, CLOSE and what another session sees, on a real store.</summary>
public abstract class SelectedStateTests : IAsyncLifetime
{
    protected abstract Backend Backend { get; }

    private const string Multipart =
        "From: \"Dr Jean DUPONT\" <jean.dupont@op.test>\r\nTo: secretariat@op.test\r\nSubject: =?utf-8?q?R=C3=A9sultats?=\r\nDate: Sun, 22 Nov 2026 10:00:00 +0100\r\n" +
        "Message-ID: <m1@op.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour.\r\n" +
        "--b\r\nContent-Type: application/pdf; name=\"cr.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n";

    private ImapServer _server = null!;
    private RawImapClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ImapServer.StartAsync(backend: Backend);
        await _server.AppendAsync("INBOX", Encoding.ASCII.GetBytes(Multipart));
        await _server.AppendAsync("INBOX", TestMessages.Create("deux"), MessageFlags.Seen);
        await _server.AppendAsync("INBOX", TestMessages.Create("trois"));
        _client = await _server.AuthenticatedAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Select_reports_the_mailbox_and_examine_is_read_only()
    {
        var select = await _client.CommandAsync("SELECT INBOX");

        select.Lines.ShouldContain("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)");
        select.Lines.ShouldContain("* 3 EXISTS");
        select.Lines.ShouldContain("* 3 RECENT"); // the first session to select INBOX since they arrived (RFC 3501 §2.3.2)
        select.Lines.ShouldContain("* OK [UNSEEN 1] First unseen.");
        select.Lines.ShouldContain(l => l.StartsWith("* OK [UIDVALIDITY ", StringComparison.Ordinal));
        select.Lines.ShouldContain("* OK [UIDNEXT 4] Predicted next UID.");
        select.Tagged.ShouldBe("t3 OK [READ-WRITE] SELECT completed.");

        var examine = await _client.CommandAsync("EXAMINE INBOX");
        examine.Tagged.ShouldBe("t4 OK [READ-ONLY] EXAMINE completed.");
        (await _client.CommandAsync("STORE 1 +FLAGS (\\Seen)")).Tagged.ShouldBe("t5 NO [READ-ONLY] The mailbox is selected read-only.");
        (await _client.CommandAsync("FETCH 1 BODY[TEXT]")).Lines.ShouldNotContain(l => l.Contains("FLAGS", StringComparison.Ordinal));
        (await _client.CommandAsync("SELECT Nowhere")).Tagged.ShouldBe("t7 NO [NONEXISTENT] There is no mailbox Nowhere.");
        (await _client.CommandAsync("FETCH 1 FLAGS")).Tagged.ShouldBe("t8 BAD No mailbox selected.");
    }

    [Fact]
    public async Task Fetch_serves_attributes_structure_and_sections()
    {
        await _client.CommandAsync("SELECT INBOX");

        var fast = await _client.CommandAsync("FETCH 1:* FAST");
        fast.Untagged.ShouldBe(
        [
            $"* 1 FETCH (FLAGS (\\Recent) INTERNALDATE \"22-Nov-2026 09:30:00 +0000\" RFC822.SIZE {Multipart.Length})",
            $"* 2 FETCH (FLAGS (\\Seen \\Recent) INTERNALDATE \"22-Nov-2026 09:30:00 +0000\" RFC822.SIZE {TestMessages.Create("deux").Length})",
            $"* 3 FETCH (FLAGS (\\Recent) INTERNALDATE \"22-Nov-2026 09:30:00 +0000\" RFC822.SIZE {TestMessages.Create("trois").Length})",
        ]);
        var structure = await _client.CommandAsync("UID FETCH 1 (BODYSTRUCTURE ENVELOPE)");
        structure.Lines[0].ShouldStartWith("* 1 FETCH (UID 1 BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 8 1 NIL NIL NIL NIL)");
        structure.Lines[0].ShouldContain("(\"APPLICATION\" \"PDF\" (\"NAME\" \"cr.pdf\") NIL NIL \"BASE64\" 8 NIL NIL NIL NIL) \"MIXED\" (\"BOUNDARY\" \"b\") NIL NIL NIL)");
        structure.Lines[0].ShouldContain("ENVELOPE (\"Sun, 22 Nov 2026 10:00:00 +0100\" \"=?utf-8?q?R=C3=A9sultats?=\" ((\"Dr Jean DUPONT\" NIL \"jean.dupont\" \"op.test\"))");

        var part = await _client.CommandAsync("FETCH 1 (BODY.PEEK[2] BODY.PEEK[1]<0.3> BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
        part.Lines.ShouldBe(
        [
            "* 1 FETCH (BODY[2] {8}",
            "JVBERi0= BODY[1]<0> {3}",
            "Bon BODY[HEADER.FIELDS (SUBJECT)] {39}",
            "Subject: =?utf-8?q?R=C3=A9sultats?=",
            "",
            ")",
            "t6 OK FETCH completed.",
        ]);
        (await _client.CommandAsync("FETCH 1 FLAGS")).Lines[0].ShouldBe("* 1 FETCH (FLAGS (\\Recent))");
    }

    [Fact]
    public async Task Body_sets_seen_and_peek_does_not()
    {
        await _client.CommandAsync("SELECT INBOX");

        var body = await _client.CommandAsync("FETCH 3 BODY[TEXT]");

        body.Lines[0].ShouldStartWith("* 3 FETCH (BODY[TEXT] {");
        body.Lines.ShouldContain(l => l.EndsWith(" FLAGS (\\Seen \\Recent))", StringComparison.Ordinal));
        (await _client.CommandAsync("FETCH 3 FLAGS")).Lines[0].ShouldBe("* 3 FETCH (FLAGS (\\Seen \\Recent))");
    }

    [Fact]
    public async Task Store_changes_flags_and_keywords()
    {
        await _client.CommandAsync("SELECT INBOX");

        (await _client.CommandAsync("STORE 1:2 +FLAGS (\\Flagged $Urgent)")).Untagged.ShouldBe(
        [
            // RFC 3501 §7.2.6: a keyword new to the mailbox is announced before a response shows it.
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Urgent)",
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Urgent \\*)] Flags permitted.",
            "* 1 FETCH (FLAGS (\\Flagged \\Recent $Urgent))",
            "* 2 FETCH (FLAGS (\\Flagged \\Seen \\Recent $Urgent))",
        ]);
        (await _client.CommandAsync("UID STORE 2 -FLAGS.SILENT (\\Seen)")).Untagged.ShouldBeEmpty();
        (await _client.CommandAsync("STORE 2 FLAGS (\\Answered)")).Untagged.ShouldBe(["* 2 FETCH (FLAGS (\\Answered \\Recent))"]); // FLAGS replaces the stored flags; \Recent is the session's
        (await _client.CommandAsync("STORE 9 +FLAGS (\\Seen)")).Tagged.ShouldBe("t7 BAD Invalid sequence number.");
        (await _client.CommandAsync("STORE 1 +FLAGS (\\Recent)")).Tagged.ShouldBe("t8 OK STORE completed.");
        (await _client.CommandAsync("STORE 1 +FLAGS (\\Bogus)")).Tagged.ShouldStartWith("t9 NO [CANNOT]");
    }

    [Fact]
    public async Task Expunge_and_close_remove_deleted_messages()
    {
        await _client.CommandAsync("SELECT INBOX");
        await _client.CommandAsync("STORE 1,3 +FLAGS.SILENT (\\Deleted)");

        (await _client.CommandAsync("UID EXPUNGE 3")).Untagged.ShouldBe(["* 3 EXPUNGE"]);
        (await _client.CommandAsync("EXPUNGE")).Untagged.ShouldBe(["* 1 EXPUNGE"]);
        (await _client.CommandAsync("FETCH 1 UID")).Lines[0].ShouldBe("* 1 FETCH (UID 2)");
        await _client.CommandAsync("STORE 1 +FLAGS.SILENT (\\Deleted)");
        (await _client.CommandAsync("CLOSE")).Lines.ShouldBe(["t9 OK CLOSE completed."]);
        (await _client.CommandAsync("STATUS INBOX (MESSAGES)")).Lines[0].ShouldBe("* STATUS \"INBOX\" (MESSAGES 0)");
    }

    [Fact]
    public async Task Another_session_sees_flags_and_expunges_only_where_allowed()
    {
        await using var other = await _server.AuthenticatedAsync();
        await _client.CommandAsync("SELECT INBOX");
        await other.CommandAsync("SELECT INBOX");

        await other.CommandAsync("STORE 2 +FLAGS (\\Flagged \\Deleted)");
        await other.CommandAsync("EXPUNGE");
        var newUid = await _server.AppendAsync("INBOX", TestMessages.Create("quatre"));

        // During FETCH by sequence number no EXPUNGE may come, so numbers stay as the session knows them;
        // the new message is announced (EXISTS is allowed), the expunge waits for NOOP.
        var fetch = await _client.CommandAsync("FETCH 3 UID");
        fetch.Untagged.ShouldBe(["* 3 FETCH (UID 3)", "* 4 EXISTS", "* 4 RECENT"]); // the new message is recent here: this session was told first
        var noop = await _client.CommandAsync("NOOP");
        noop.Untagged.ShouldBe(["* 2 EXPUNGE"]);
        (await _client.CommandAsync($"UID FETCH {newUid} FLAGS")).Lines[0].ShouldBe($"* 3 FETCH (UID {newUid} FLAGS (\\Recent))");
    }

    [Fact]
    public async Task Keywords_are_announced_by_flags_at_select_and_before_another_session_sees_them()
    {
        await using var other = await _server.AuthenticatedAsync();
        await other.CommandAsync("SELECT INBOX");
        await other.CommandAsync("STORE 1 +FLAGS.SILENT ($Suivi)");

        var select = await _client.CommandAsync("SELECT INBOX");
        await other.CommandAsync("STORE 3 +FLAGS.SILENT ($Urgent)");
        var noop = await _client.CommandAsync("NOOP");
        var fetch = await _client.CommandAsync("FETCH 3 FLAGS");

        select.Untagged.ShouldContain("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Suivi)");
        select.Untagged.ShouldContain("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Suivi \\*)] Flags permitted.");
        noop.Untagged.ShouldBe(
        [
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Suivi $Urgent)",
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Suivi $Urgent \\*)] Flags permitted.",
            "* 3 FETCH (FLAGS ($Urgent))",
        ]);
        fetch.Untagged.ShouldBe(["* 3 FETCH (FLAGS ($Urgent))"]); // already announced: no second FLAGS
    }

    [Fact]
    public async Task A_fetch_of_messages_expunged_elsewhere_answers_expungeissued()
    {
        await using var other = await _server.AuthenticatedAsync();
        await _client.CommandAsync("SELECT INBOX");
        await other.CommandAsync("SELECT INBOX");
        await other.CommandAsync("STORE 2 +FLAGS.SILENT (\\Deleted)");
        await other.CommandAsync("EXPUNGE");

        var fetch = await _client.CommandAsync("FETCH 1:3 (UID)");

        fetch.Untagged.ShouldBe(["* 1 FETCH (UID 1)", "* 3 FETCH (UID 3)"]);
        fetch.Tagged.ShouldBe("t4 NO [EXPUNGEISSUED] Some of the requested messages were expunged by another session.");
        (await _client.CommandAsync("NOOP")).Untagged.ShouldBe(["* 2 EXPUNGE"]);
    }

    [Fact]
    public async Task Unselect_leaves_deleted_messages()
    {
        await _client.CommandAsync("SELECT INBOX");
        await _client.CommandAsync("STORE 1 +FLAGS.SILENT (\\Deleted)");

        (await _client.CommandAsync("UNSELECT")).Tagged.ShouldBe("t5 OK UNSELECT completed.");
        (await _client.CommandAsync("STATUS INBOX (MESSAGES)")).Lines[0].ShouldBe("* STATUS \"INBOX\" (MESSAGES 3)");
        (await _client.CommandAsync("EXPUNGE")).Tagged.ShouldBe("t7 BAD No mailbox selected.");
    }
}

public sealed class SqliteSelectedStateTests : SelectedStateTests
{
    protected override Backend Backend => Backend.Sqlite;
}

public sealed class PostgresSelectedStateTests : SelectedStateTests
{
    protected override Backend Backend => Backend.Postgres;
}
