using OpenMss.Imap.Protocol;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>Sessions on one folder share its snapshot; each still sees the numbering it was told (RFC 3501 §7.4.1).</summary>
public sealed class SharedSnapshotTests : IAsyncLifetime
{
    private ImapServer _server = null!;
    private Folder _inbox = null!;

    public async Task InitializeAsync()
    {
        _server = await ImapServer.StartAsync();
        for (var i = 1; i <= 3; i++)
        {
            await _server.AppendAsync("INBOX", TestMessages.Create($"message {i}"));
        }

        var bal = await _server.Store.Directory.FindBalAsync(ImapServer.Bal, default);
        _inbox = (await _server.Store.Mailboxes.FindFolderAsync(bal!.Id, "INBOX", default))!;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<SelectedMailbox> OpenAsync() => SelectedMailbox.OpenAsync(_server.Front.Folders, _server.Store.Changes, _server.Store.Mailboxes, _inbox, readOnly: false, new EnabledExtensions(), default);

    private static SequenceSet All => SequenceSet.Parse("1:*")!;

    [Fact]
    public async Task Sessions_on_one_folder_hold_the_same_snapshot_and_a_new_one_is_loaded_after_the_last_leaves()
    {
        var folders = _server.Front.Folders;
        using var first = folders.Join(_inbox.Id);
        var snapshot = await first.LatestAsync(0, default);
        using (var second = folders.Join(_inbox.Id))
        {
            (await second.LatestAsync(0, default)).ShouldBeSameAs(snapshot);
        }

        first.Dispose();
        using var third = folders.Join(_inbox.Id);
        var reloaded = await third.LatestAsync(0, default);
        reloaded.ShouldNotBeSameAs(snapshot);
        reloaded.Uids.ShouldBe([1U, 2U, 3U]);
    }

    [Fact]
    public async Task A_change_only_the_session_heard_of_moves_the_shared_snapshot_on()
    {
        // The feed wakes the watches one after the other: a session woken first may sync before the shared watch hears.
        // Here the shared watch never hears (its own silent feed); the session's watch hears on the test's feed.
        var folders = new SharedFolders(_server.Store.Mailboxes, new ChangeBroadcaster());
        var sessionFeed = new ChangeBroadcaster();
        using var session = await SelectedMailbox.OpenAsync(folders, sessionFeed, _server.Store.Mailboxes, _inbox, readOnly: false, new EnabledExtensions(), default);
        await _server.AppendAsync("INBOX", TestMessages.Create("message 4"));
        (await session.SyncAsync(allowExpunge: true, default)).ShouldBeEmpty("nobody announced the message");

        sessionFeed.Publish(new FolderChange(_inbox.Id, (await _server.Store.Mailboxes.GetStatusAsync(_inbox.Id, default)).HighestModSeq));

        (await session.SyncAsync(allowExpunge: true, default)).ShouldBe(["* 4 EXISTS", "* 4 RECENT"]);
    }

    [Fact]
    public async Task An_expunge_elsewhere_is_held_while_not_allowed_and_new_mail_and_flags_are_told_in_the_held_numbering()
    {
        using var watcher = await OpenAsync();
        using var actor = await OpenAsync();
        await _server.Store.Mailboxes.StoreFlagsAsync(_inbox.Id, UidSet.Of(2), FlagChangeMode.Add, FlagSet.Create(MessageFlags.Deleted), null, default);
        await _server.Store.Mailboxes.ExpungeAsync(_inbox.Id, null, default);
        await _server.Store.Mailboxes.StoreFlagsAsync(_inbox.Id, UidSet.Of(3), FlagChangeMode.Add, FlagSet.Create(MessageFlags.Flagged), null, default);
        await _server.AppendAsync("INBOX", TestMessages.Create("message 4"));

        (await watcher.SyncAsync(allowExpunge: false, default)).ShouldBe(["* 3 FETCH (FLAGS (\\Flagged \\Recent))", "* 4 EXISTS", "* 4 RECENT"]); // the watcher selected first: all are recent in it
        watcher.Resolve(All, uid: false).ShouldBe([1U, 2U, 3U, 4U], "UID 2 keeps its number until an EXPUNGE may be sent");

        (await watcher.SyncAsync(allowExpunge: true, default)).ShouldBe(["* 2 EXPUNGE"]);
        watcher.Resolve(All, uid: false).ShouldBe([1U, 3U, 4U]);
        (await actor.SyncAsync(allowExpunge: true, default)).ShouldBe(["* 2 EXPUNGE", "* 2 FETCH (FLAGS (\\Flagged))", "* 3 EXISTS"]);
    }

    [Fact]
    public async Task Flags_a_session_was_told_itself_are_not_told_again_and_its_own_expunge_is_not_repeated()
    {
        using var session = await OpenAsync();
        var stored = await _server.Store.Mailboxes.StoreFlagsAsync(_inbox.Id, UidSet.Of(1, 3), FlagChangeMode.Add, FlagSet.Create(MessageFlags.Seen, ["$Important"]), null, default);
        foreach (var update in stored.Updated)
        {
            session.Remember(update.Uid, update.Flags);
        }

        (await session.SyncAsync(allowExpunge: true, default)).ShouldBeEmpty();
        session.FlagsOf(3).Keywords.ShouldBe(["$Important"]);

        await _server.Store.Mailboxes.StoreFlagsAsync(_inbox.Id, UidSet.Of(1, 3), FlagChangeMode.Add, FlagSet.Create(MessageFlags.Deleted), null, default);
        var removed = await _server.Store.Mailboxes.ExpungeAsync(_inbox.Id, null, default);
        session.Forget(removed).ShouldBe(["* 1 EXPUNGE", "* 2 EXPUNGE"]);
        (await session.SyncAsync(allowExpunge: true, default)).ShouldBeEmpty();
        session.Resolve(All, uid: false).ShouldBe([2U]);
    }
}
