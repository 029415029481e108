namespace OpenMss.Imap.Server.Tests;

/// <summary>LIST, LSUB, STATUS, CREATE, DELETE, RENAME, SUBSCRIBE and UNSUBSCRIBE on a BAL's folders.</summary>
public abstract class MailboxTests : IAsyncLifetime
{
    protected abstract Backend Backend { get; }

    private ImapServer _server = null!;
    private RawImapClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ImapServer.StartAsync(backend: Backend);
        _client = await _server.AuthenticatedAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task List_shows_special_use_children_and_implied_parents()
    {
        (await _client.CommandAsync("CREATE Dossiers/Réunions")).Tagged.ShouldBe("t3 BAD The mailbox is not valid modified UTF-7."); // 8-bit names need UTF8=ACCEPT, not offered
        (await _client.CommandAsync("CREATE Dossiers/R&AOk-unions")).Tagged.ShouldBe("t4 OK CREATE completed.");
        (await _client.CommandAsync("CREATE \"R&AOk-sultats/\"")).Tagged.ShouldBe("t5 OK CREATE completed.");

        var all = await _client.CommandAsync("LIST \"\" *");
        var top = await _client.CommandAsync("LIST \"\" %");
        var special = await _client.CommandAsync("LIST (SPECIAL-USE) \"\" *");
        var root = await _client.CommandAsync("LIST \"\" \"\"");

        all.Untagged.ShouldBe(
        [
            "* LIST (\\HasNoChildren \\Archive) \"/\" \"Archive\"",
            "* LIST (\\Noselect \\HasChildren) \"/\" \"Dossiers\"",
            "* LIST (\\HasNoChildren) \"/\" \"Dossiers/R&AOk-unions\"",
            "* LIST (\\HasNoChildren \\Drafts) \"/\" \"Drafts\"",
            "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
            "* LIST (\\HasNoChildren \\Junk) \"/\" \"Junk\"",
            "* LIST (\\HasNoChildren) \"/\" \"R&AOk-sultats\"",
            "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"",
            "* LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\"",
        ]);
        top.Untagged.ShouldNotContain(l => l.Contains("Dossiers/", StringComparison.Ordinal));
        top.Untagged.ShouldContain("* LIST (\\Noselect \\HasChildren) \"/\" \"Dossiers\"");
        special.Untagged.Count().ShouldBe(5);
        root.Untagged.ShouldBe(["* LIST (\\Noselect) \"/\" \"\""]);
        (await _client.CommandAsync("LIST \"\" inbox")).Untagged.ShouldBe(["* LIST (\\HasNoChildren) \"/\" \"INBOX\""]);
    }

    [Fact]
    public async Task Create_delete_and_their_failures()
    {
        (await _client.CommandAsync("CREATE Sent")).Tagged.ShouldBe("t3 NO [ALREADYEXISTS] The mailbox Sent already exists.");
        (await _client.CommandAsync("CREATE inbox")).Tagged.ShouldStartWith("t4 NO [ALREADYEXISTS]");
        (await _client.CommandAsync("DELETE INBOX")).Tagged.ShouldBe("t5 NO [CANNOT] INBOX cannot be deleted.");
        (await _client.CommandAsync("DELETE Nowhere")).Tagged.ShouldBe("t6 NO [NONEXISTENT] There is no mailbox Nowhere.");
        (await _client.CommandAsync("CREATE Projets")).Tagged.ShouldBe("t7 OK CREATE completed.");
        (await _client.CommandAsync("DELETE Projets")).Tagged.ShouldBe("t8 OK DELETE completed.");
        (await _client.CommandAsync("LIST \"\" Projets")).Untagged.ShouldBeEmpty();
    }

    [Fact]
    public async Task Subscriptions_and_lsub()
    {
        (await _client.CommandAsync("UNSUBSCRIBE Junk")).Tagged.ShouldBe("t3 OK UNSUBSCRIBE completed.");
        (await _client.CommandAsync("SUBSCRIBE Nowhere")).Tagged.ShouldStartWith("t4 NO [NONEXISTENT]");

        var lsub = await _client.CommandAsync("LSUB \"\" *");

        lsub.Untagged.ShouldNotContain(l => l.Contains("Junk", StringComparison.Ordinal));
        lsub.Untagged.ShouldContain("* LSUB (\\HasNoChildren) \"/\" \"Sent\"");
    }

    [Fact]
    public async Task Create_does_not_subscribe_and_lsub_percent_shows_an_unsubscribed_parent_as_noselect()
    {
        (await _client.CommandAsync("CREATE Projets")).Tagged.ShouldBe("t3 OK CREATE completed.");
        (await _client.CommandAsync("LSUB \"\" Projets")).Untagged.ShouldBeEmpty(); // RFC 3501 leaves subscribing to the client
        await _client.CommandAsync("CREATE Dossiers/Patients");
        (await _client.CommandAsync("SUBSCRIBE Dossiers/Patients")).Tagged.ShouldBe("t6 OK SUBSCRIBE completed.");

        var lsub = await _client.CommandAsync("LSUB \"\" %");
        var star = await _client.CommandAsync("LSUB \"\" *");

        // RFC 3501 §6.3.9: "%" stops at the parent, which is listed, \Noselect, instead of its subscribed child.
        lsub.Untagged.ShouldContain(l => l.StartsWith("* LSUB (\\Noselect", StringComparison.Ordinal) && l.EndsWith(" \"Dossiers\"", StringComparison.Ordinal));
        lsub.Untagged.ShouldNotContain(l => l.Contains("Dossiers/Patients", StringComparison.Ordinal));
        star.Untagged.ShouldContain(l => l.EndsWith(" \"Dossiers/Patients\"", StringComparison.Ordinal));
        star.Untagged.ShouldNotContain(l => l.EndsWith(" \"Dossiers\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_reports_the_counts_asked_for()
    {
        var status = await _client.CommandAsync("STATUS INBOX (MESSAGES UNSEEN UIDNEXT RECENT)");

        status.Lines[0].ShouldBe("* STATUS \"INBOX\" (MESSAGES 0 UNSEEN 0 UIDNEXT 1 RECENT 0)");
        (await _client.CommandAsync("STATUS Nowhere (MESSAGES)")).Tagged.ShouldStartWith("t4 NO [NONEXISTENT]");
    }

    [Fact]
    public async Task Rename_keeps_messages_and_renaming_inbox_empties_it()
    {
        (await _client.CommandAsync("RENAME Archive Archives/2026")).Tagged.ShouldBe("t3 OK RENAME completed.");
        (await _client.CommandAsync("RENAME Drafts Sent")).Tagged.ShouldStartWith("t4 NO [ALREADYEXISTS]");
        (await _client.CommandAsync("RENAME Nowhere Else")).Tagged.ShouldStartWith("t5 NO [NONEXISTENT]");
        (await _client.CommandAsync("RENAME INBOX Ancien")).Tagged.ShouldBe("t6 OK RENAME completed.");

        var list = await _client.CommandAsync("LIST \"\" *");
        list.Untagged.ShouldContain("* LIST (\\HasNoChildren \\Archive) \"/\" \"Archives/2026\"");
        list.Untagged.ShouldContain("* LIST (\\HasNoChildren) \"/\" \"INBOX\"");
        list.Untagged.ShouldContain("* LIST (\\HasNoChildren) \"/\" \"Ancien\"");
    }
}

public sealed class SqliteMailboxTests : MailboxTests
{
    protected override Backend Backend => Backend.Sqlite;
}

public sealed class PostgresMailboxTests : MailboxTests
{
    protected override Backend Backend => Backend.Postgres;
}
