using System.Globalization;
using System.Text.RegularExpressions;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>
/// CONDSTORE and QRESYNC (RFC 7162) across sessions, on a real store: what an LPS resynchronising a BAL sees after
/// another session (another LPS, the webmail) changed it.
/// </summary>
public abstract partial class QresyncTests : IAsyncLifetime
{
    private ImapServer _server = null!;
    private RawImapClient _lps = null!;
    private RawImapClient _other = null!;

    protected abstract Backend Backend { get; }

    public async Task InitializeAsync()
    {
        _server = await ImapServer.StartAsync(backend: Backend);
        foreach (var subject in new[] { "un", "deux", "trois" })
        {
            await _server.AppendAsync("INBOX", TestMessages.Create(subject));
        }

        _lps = await _server.AuthenticatedAsync();
        _other = await _server.AuthenticatedAsync();
        await _other.CommandAsync("SELECT INBOX");
    }

    public async Task DisposeAsync()
    {
        await _lps.DisposeAsync();
        await _other.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_client_resynchronises_in_one_select_the_expunges_and_changes_made_since_its_modseq()
    {
        (await _lps.CommandAsync("ENABLE QRESYNC")).Untagged.ShouldBe(["* ENABLED QRESYNC"]);
        var first = await _lps.CommandAsync("SELECT INBOX");
        var (validity, known) = (Code(first, "UIDVALIDITY"), Code(first, "HIGHESTMODSEQ"));
        await _lps.CommandAsync("UNSELECT");

        await _other.CommandAsync("STORE 2 +FLAGS (\\Deleted)");
        await _other.CommandAsync("EXPUNGE");
        await _other.CommandAsync("STORE 2 +FLAGS ($Suivi)"); // UID 3 is now number 2
        var added = await _server.AppendAsync("INBOX", TestMessages.Create("quatre"), MessageFlags.Seen);

        var resync = await _lps.CommandAsync($"SELECT INBOX (QRESYNC ({validity} {known} 1:3))");

        var highest = Code(resync, "HIGHESTMODSEQ");
        highest.ShouldBeGreaterThan(known);
        resync.Untagged.ShouldContain("* 3 EXISTS");
        var told = resync.Untagged.SkipWhile(l => !l.Contains("[HIGHESTMODSEQ", StringComparison.Ordinal)).Skip(1).ToList();
        told.Count.ShouldBe(3, resync.ToString());
        told[0].ShouldBe("* VANISHED (EARLIER) 2");
        told[1].ShouldMatch(@"^\* 2 FETCH \(UID 3 FLAGS \(\$Suivi\) MODSEQ \(\d+\)\)$");
        told[2].ShouldMatch($@"^\* 3 FETCH \(UID {added} FLAGS \(\\Seen \\Recent\) MODSEQ \(\d+\)\)$"); // first seen here
        resync.Tagged.ShouldEndWith(" OK [READ-WRITE] SELECT completed.");

        // Unchanged since: the answer holds nothing beyond a plain SELECT's, and [CLOSED] tells the old mailbox went.
        var again = await _lps.CommandAsync($"SELECT INBOX (QRESYNC ({validity} {highest}))");
        again.Untagged.First().ShouldBe("* OK [CLOSED] Previous mailbox is now closed.");
        again.Untagged.Last().ShouldBe($"* OK [HIGHESTMODSEQ {highest}] Highest mod-sequence.");
        again.Untagged.ShouldNotContain(l => l.Contains("FETCH", StringComparison.Ordinal) || l.Contains("VANISHED", StringComparison.Ordinal));

        // Another UIDVALIDITY: the client's state is void, so the SELECT is a plain one.
        var other = await _lps.CommandAsync($"SELECT INBOX (QRESYNC ({validity + 1} {known}))");
        other.Untagged.ShouldNotContain(l => l.Contains("FETCH", StringComparison.Ordinal) || l.Contains("VANISHED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Qresync_parameters_need_enable_first_and_condstore_alone_reports_modseqs_but_expunge()
    {
        (await _lps.CommandAsync("SELECT INBOX (QRESYNC (1 1))")).Tagged.ShouldEndWith(" BAD QRESYNC parameters need ENABLE QRESYNC first (RFC 7162 §3.2.5).");
        var select = await _lps.CommandAsync("SELECT INBOX (CONDSTORE)");
        select.Untagged.ShouldContain(l => l.StartsWith("* OK [HIGHESTMODSEQ ", StringComparison.Ordinal));
        select.Untagged.ShouldNotContain(l => l.Contains("[CLOSED]", StringComparison.Ordinal)); // only for QRESYNC clients

        await _other.CommandAsync("STORE 1 +FLAGS (\\Deleted \\Flagged)");
        await _other.CommandAsync("EXPUNGE");
        await _other.CommandAsync("STORE 1 +FLAGS (\\Answered)");
        var noop = await _lps.CommandAsync("NOOP");

        noop.Untagged.ToList()[0].ShouldBe("* 1 EXPUNGE"); // CONDSTORE alone keeps EXPUNGE
        noop.Untagged.ToList()[1].ShouldMatch(@"^\* 1 FETCH \(FLAGS \(\\Answered\) MODSEQ \(\d+\)\)$");
    }

    [Fact]
    public async Task Once_qresync_is_on_expunges_are_vanished_and_flag_changes_carry_uid_and_modseq()
    {
        await _lps.CommandAsync("ENABLE QRESYNC");
        var select = await _lps.CommandAsync("SELECT INBOX");
        var known = Code(select, "HIGHESTMODSEQ");

        await _other.CommandAsync("STORE 1 +FLAGS (\\Flagged)");
        await _other.CommandAsync("STORE 3 +FLAGS (\\Deleted)");
        await _other.CommandAsync("EXPUNGE");
        var noop = await _lps.CommandAsync("NOOP");
        noop.Untagged.ToList()[0].ShouldBe("* VANISHED 3");
        noop.Untagged.ToList()[1].ShouldMatch(@"^\* 1 FETCH \(UID 1 FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)$");

        await _lps.CommandAsync("STORE 2 +FLAGS.SILENT (\\Deleted)");
        (await _lps.CommandAsync("EXPUNGE")).Untagged.ShouldBe(["* VANISHED 2"]);

        var changed = await _lps.CommandAsync($"UID FETCH 1:* (FLAGS) (CHANGEDSINCE {known} VANISHED)");
        changed.Untagged.ToList()[0].ShouldBe("* VANISHED (EARLIER) 2:3");
        changed.Untagged.ToList()[1].ShouldMatch(@"^\* 1 FETCH \(UID 1 FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)$");
        changed.Untagged.Count().ShouldBe(2);
    }

    [Fact]
    public async Task A_conditional_store_leaves_alone_a_message_another_session_changed_since()
    {
        var modSeq = Code(await _lps.CommandAsync("SELECT INBOX"), "HIGHESTMODSEQ"); // what the client read
        var read = await _lps.CommandAsync("FETCH 1 (MODSEQ)");
        ulong.Parse(ModSeqPattern().Match(read.Lines[0]).Groups[1].Value, CultureInfo.InvariantCulture).ShouldBeLessThanOrEqualTo(modSeq);

        await _other.CommandAsync("STORE 1 +FLAGS (\\Seen)");
        var store = await _lps.CommandAsync($"STORE 1,2 (UNCHANGEDSINCE {modSeq}) +FLAGS (\\Flagged)");

        store.Tagged.ShouldEndWith(" OK [MODIFIED 1] Conditional STORE failed.");
        store.Untagged.ShouldContain(l => Regex.IsMatch(l, @"^\* 2 FETCH \(FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)$"));
        var flags = await _lps.CommandAsync("FETCH 1 (FLAGS)");
        flags.Lines[0].ShouldStartWith("* 1 FETCH (FLAGS (\\Seen)"); // the other session's change stands, ours was not made
    }

    private static ulong Code(Response response, string code)
    {
        var line = response.Lines.Single(l => l.StartsWith($"* OK [{code} ", StringComparison.Ordinal));
        return ulong.Parse(line[(code.Length + 7)..line.IndexOf(']', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"MODSEQ \((\d+)\)")]
    private static partial Regex ModSeqPattern();
}

public sealed class SqliteQresyncTests : QresyncTests
{
    protected override Backend Backend => Backend.Sqlite;
}

public sealed class PostgresQresyncTests : QresyncTests
{
    protected override Backend Backend => Backend.Postgres;
}
