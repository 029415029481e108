using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Storage.Tests;

public abstract partial class MailStoreContract
{
    [Fact]
    public async Task Append_assigns_increasing_uids_and_modseqs_and_keeps_the_bytes()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        var bytes = TestMessages.Create("Résultats biologie");

        var first = await Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(bytes), FlagSet.Create(MessageFlags.Seen, ["$Label1"]), Now, MaxSize, default);
        var second = await AppendAsync(inbox, "second");

        first.Uid.ShouldBe(1U);
        second.Uid.ShouldBe(2U);
        second.ModSeq.ShouldBeGreaterThan(first.ModSeq);
        first.UidValidity.ShouldBe(inbox.UidValidity);
        var stored = (await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.Of(1), default)).Single();
        stored.Flags.ShouldBe(FlagSet.Create(MessageFlags.Seen, ["$label1"]));
        stored.Flags.Keywords.ShouldBe(["$Label1"]);
        stored.InternalDate.ShouldBe(Now);
        stored.Size.ShouldBe(bytes.Length);
        await using var content = await Store.Mailboxes.OpenBlobAsync(stored.BlobId, default);
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        copy.ToArray().ShouldBe(bytes);
        var all = await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default);
        var status = await Store.Mailboxes.GetStatusAsync(inbox.Id, default);
        status.ShouldBe(new FolderStatus(Messages: 2, Unseen: 1, Deleted: 0, all.Sum(m => m.Size), UidNext: 3, inbox.UidValidity, second.ModSeq, Recent: 2));
    }

    [Fact]
    public async Task Identical_messages_share_one_blob()
    {
        var inbox = await InboxAsync(await AddBalAsync());

        var a = await Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(TestMessages.Fixed("same")), FlagSet.Empty, Now, MaxSize, default);
        var b = await Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(TestMessages.Fixed("same")), FlagSet.Empty, Now, MaxSize, default);

        a.BlobId.ShouldBe(b.BlobId);
        a.Uid.ShouldNotBe(b.Uid);
        a.BlobId.Length.ShouldBe(64);
    }

    [Fact]
    public async Task A_message_over_the_limit_is_refused_and_leaves_no_trace()
    {
        var inbox = await InboxAsync(await AddBalAsync());

        await Refused(
            () => Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(new byte[2048]), FlagSet.Empty, Now, maxSize: 1024, default),
            StoreError.TooLarge);

        var status = await Store.Mailboxes.GetStatusAsync(inbox.Id, default);
        status.Messages.ShouldBe(0U);
        status.UidNext.ShouldBe(1U);
    }

    [Fact]
    public async Task Append_to_a_missing_folder_is_refused()
    {
        await Refused(() => Store.Mailboxes.AppendAsync(999_999, new MemoryStream(TestMessages.Create("x")), FlagSet.Empty, Now, MaxSize, default), StoreError.NotFound);
    }

    [Fact]
    public async Task Copy_keeps_flags_and_dates_and_reports_the_uid_mapping()
    {
        var bal = await AddBalAsync();
        var inbox = await InboxAsync(bal);
        var sent = (await Store.Mailboxes.FindFolderAsync(bal.Id, "Sent", default))!;
        await AppendAsync(sent, "already there");
        await AppendAsync(inbox, "one", MessageFlags.Flagged);
        await AppendAsync(inbox, "two");
        await AppendAsync(inbox, "three", MessageFlags.Seen, "urgent");

        var result = await Store.Mailboxes.CopyAsync(inbox.Id, UidSet.Of(1, 3, 42), sent.Id, default);

        result.TargetUidValidity.ShouldBe(sent.UidValidity);
        result.Mappings.ShouldBe([new UidMapping(1, 2), new UidMapping(3, 3)]);
        var copies = await Store.Mailboxes.FetchAsync(sent.Id, UidSet.Range(2, 3), default);
        copies.Select(m => m.Flags).ShouldBe([FlagSet.Create(MessageFlags.Flagged), FlagSet.Create(MessageFlags.Seen, ["urgent"])]);
        copies.Select(m => m.InternalDate).ShouldBe([Now, Now]);
        (await Store.Mailboxes.GetStatusAsync(inbox.Id, default)).Messages.ShouldBe(3U);
        (await Store.Mailboxes.CopyAsync(inbox.Id, UidSet.Of(99), sent.Id, default)).Mappings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Move_removes_from_the_source_and_tells_watchers_of_both_folders()
    {
        var bal = await AddBalAsync();
        var inbox = await InboxAsync(bal);
        var sent = (await Store.Mailboxes.FindFolderAsync(bal.Id, "Sent", default))!;
        await AppendAsync(inbox, "one");
        await AppendAsync(inbox, "two");
        var before = (await Store.Mailboxes.GetStatusAsync(inbox.Id, default)).HighestModSeq;
        using var sourceWatch = Store.Changes.Watch(inbox.Id);
        using var targetWatch = Store.Changes.Watch(sent.Id);

        var result = await Store.Mailboxes.MoveAsync(inbox.Id, UidSet.Of(2), sent.Id, default);

        result.Mappings.ShouldBe([new UidMapping(2, 1)]);
        (await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default)).Select(m => m.Uid).ShouldBe([1U]);
        (await Store.Mailboxes.FetchAsync(sent.Id, UidSet.All, default)).Count.ShouldBe(1);
        var changes = await Store.Mailboxes.GetChangesAsync(inbox.Id, before, default);
        changes.Expunged.ShouldBe([2U]);
        changes.Changed.ShouldBeEmpty();
        (await sourceWatch.WaitAsync(Timeout())).ShouldBe(changes.HighestModSeq);
        (await targetWatch.WaitAsync(Timeout())).ShouldBeGreaterThan(0UL);
    }

    [Fact]
    public async Task Flags_are_added_removed_and_replaced_with_a_new_modseq()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        await AppendAsync(inbox, "one");
        await AppendAsync(inbox, "two", MessageFlags.Seen);

        var added = await Store.Mailboxes.StoreFlagsAsync(inbox.Id, UidSet.Range(1, uint.MaxValue), FlagChangeMode.Add, FlagSet.Create(MessageFlags.Seen | MessageFlags.Flagged, ["$Done"]), null, default);
        added.Updated.Select(u => u.Uid).ShouldBe([1U, 2U]);
        var expected = FlagSet.Create(MessageFlags.Seen | MessageFlags.Flagged, ["$Done"]);
        added.Updated.Select(u => u.Flags).ShouldBe([expected, expected]);
        added.Updated.Select(u => u.ModSeq).Distinct().Count().ShouldBe(1);

        var removed = await Store.Mailboxes.StoreFlagsAsync(inbox.Id, UidSet.Of(1), FlagChangeMode.Remove, FlagSet.Create(MessageFlags.Flagged, ["$done"]), null, default);
        removed.Updated.Single().Flags.ShouldBe(FlagSet.Create(MessageFlags.Seen));
        removed.Updated.Single().ModSeq.ShouldBeGreaterThan(added.Updated[0].ModSeq);

        var replaced = await Store.Mailboxes.StoreFlagsAsync(inbox.Id, UidSet.Of(2), FlagChangeMode.Replace, FlagSet.Create(MessageFlags.Answered), null, default);
        replaced.Updated.Single().Flags.ShouldBe(FlagSet.Create(MessageFlags.Answered));
        (await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.Of(2), default)).Single().Flags.ShouldBe(FlagSet.Create(MessageFlags.Answered));
    }

    [Fact]
    public async Task A_flag_change_that_changes_nothing_keeps_the_modseq()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        await AppendAsync(inbox, "one", MessageFlags.Seen);
        var before = (await Store.Mailboxes.GetStatusAsync(inbox.Id, default)).HighestModSeq;

        var result = await Store.Mailboxes.StoreFlagsAsync(inbox.Id, UidSet.Of(1), FlagChangeMode.Add, FlagSet.Create(MessageFlags.Seen), null, default);

        result.Updated.ShouldBeEmpty();
        (await Store.Mailboxes.GetStatusAsync(inbox.Id, default)).HighestModSeq.ShouldBe(before);
    }

    [Fact]
    public async Task Unchangedsince_leaves_messages_modified_later_alone()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        var one = await AppendAsync(inbox, "one");
        await AppendAsync(inbox, "two");

        var result = await Store.Mailboxes.StoreFlagsAsync(inbox.Id, UidSet.All, FlagChangeMode.Add, FlagSet.Create(MessageFlags.Deleted), one.ModSeq, default);

        result.Updated.Select(u => u.Uid).ShouldBe([1U]);
        result.Conflicts.ShouldBe([2U]);
    }

    [Fact]
    public async Task Invalid_keywords_are_refused()
    {
        foreach (var bad in new[] { "", "two words", "\\Seen", "paren(", new string('k', 200) })
        {
            Should.Throw<StoreException>(() => FlagSet.Create(MessageFlags.None, [bad])).Error.ShouldBe(StoreError.Invalid);
        }

        Should.Throw<StoreException>(() => FlagSet.Create(MessageFlags.None, Enumerable.Range(0, 65).Select(i => $"k{i}")));
    }

    [Fact]
    public async Task Expunge_removes_only_deleted_messages_and_only_those_asked()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        await AppendAsync(inbox, "1", MessageFlags.Deleted);
        await AppendAsync(inbox, "2");
        await AppendAsync(inbox, "3", MessageFlags.Deleted);
        await AppendAsync(inbox, "4", MessageFlags.Deleted);

        (await Store.Mailboxes.ExpungeAsync(inbox.Id, UidSet.Of(3, 2), default)).ShouldBe([3U]);
        (await Store.Mailboxes.ExpungeAsync(inbox.Id, null, default)).ShouldBe([1U, 4U]);
        (await Store.Mailboxes.ExpungeAsync(inbox.Id, null, default)).ShouldBeEmpty();
        (await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default)).Select(m => m.Uid).ShouldBe([2U]);
        var status = await Store.Mailboxes.GetStatusAsync(inbox.Id, default);
        status.Messages.ShouldBe(1U);
        status.UidNext.ShouldBe(5U);
    }

    [Fact]
    public async Task Fetch_honours_ranges_stars_and_long_uid_sets()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        for (var i = 0; i < 10; i++)
        {
            await AppendAsync(inbox, $"m{i}");
        }

        (await Store.Mailboxes.FetchAsync(inbox.Id, new UidSet([new UidRange(9, uint.MaxValue), new UidRange(2, 3)]), default)).Select(m => m.Uid).ShouldBe([2U, 3U, 9U, 10U]);
        (await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.Range(5, 3), default)).Select(m => m.Uid).ShouldBe([3U, 4U, 5U]);
        var odd = UidSet.Of([.. Enumerable.Range(0, 50).Select(i => (uint)(2 * i + 1))]);
        (await Store.Mailboxes.FetchAsync(inbox.Id, odd, default)).Select(m => m.Uid).ShouldBe([1U, 3U, 5U, 7U, 9U]);
        (await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.Of(11, 12), default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Changes_since_a_modseq_list_new_reflagged_and_expunged_messages()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        await AppendAsync(inbox, "1");
        await AppendAsync(inbox, "2", MessageFlags.Deleted);
        var mark = (await Store.Mailboxes.GetStatusAsync(inbox.Id, default)).HighestModSeq;
        await AppendAsync(inbox, "3");
        await Store.Mailboxes.StoreFlagsAsync(inbox.Id, UidSet.Of(1), FlagChangeMode.Add, FlagSet.Create(MessageFlags.Seen), null, default);
        await Store.Mailboxes.ExpungeAsync(inbox.Id, null, default);

        var changes = await Store.Mailboxes.GetChangesAsync(inbox.Id, mark, default);

        changes.Changed.Select(m => m.Uid).ShouldBe([1U, 3U]);
        changes.Changed[0].Flags.Has(MessageFlags.Seen).ShouldBeTrue();
        changes.Expunged.ShouldBe([2U]);
        changes.HighestModSeq.ShouldBe((await Store.Mailboxes.GetStatusAsync(inbox.Id, default)).HighestModSeq);
        (await Store.Mailboxes.GetChangesAsync(inbox.Id, changes.HighestModSeq, default)).Changed.ShouldBeEmpty();
    }

    [Fact]
    public async Task Unreferenced_blobs_are_purged_and_referenced_ones_kept()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        var gone = await AppendAsync(inbox, "gone", MessageFlags.Deleted);
        var kept = await AppendAsync(inbox, "kept");
        await Store.Mailboxes.ExpungeAsync(inbox.Id, null, default);

        (await Store.Mailboxes.PurgeUnreferencedBlobsAsync(DateTimeOffset.UtcNow.AddHours(-1), default)).ShouldBe(0);
        (await Store.Mailboxes.PurgeUnreferencedBlobsAsync(DateTimeOffset.UtcNow.AddMinutes(1), default)).ShouldBe(1);

        await Refused(() => Store.Mailboxes.OpenBlobAsync(gone.BlobId, default), StoreError.NotFound);
        await using var stream = await Store.Mailboxes.OpenBlobAsync(kept.BlobId, default);
        stream.ReadByte().ShouldBe('F');
    }

    [Fact]
    public async Task The_audit_trail_lists_newest_first_and_refuses_changes()
    {
        await Store.Audit.AppendAsync(new AuditEvent(Now, "authentication", "xoauth2", "failure", "a@x.test", "psc", "XOAUTH2", "token inactive"), default);
        await Store.Audit.AppendAsync(new AuditEvent(Now.AddSeconds(1), "administration", "bal.add", "success", "b@x.test", Actor: "cli"), default);

        var all = await Store.Audit.ListAsync(null, 10, default);
        all.Select(r => r.Event.Action).ShouldBe(["bal.add", "xoauth2"]);
        all[1].Event.ShouldBe(new AuditEvent(Now, "authentication", "xoauth2", "failure", "a@x.test", "psc", "XOAUTH2", "token inactive"));
        (await Store.Audit.ListAsync("a@x.test", 10, default)).Count.ShouldBe(1);

        await Should.ThrowAsync<Exception>(() => ExecuteSqlAsync("UPDATE audit_trail SET outcome = 'success'"));
        await Should.ThrowAsync<Exception>(() => ExecuteSqlAsync("DELETE FROM audit_trail"));
        (await Store.Audit.ListAsync(null, 10, default)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Data_survives_reopening_the_store()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        var appended = await AppendAsync(inbox, "durable");
        await Store.DisposeAsync();

        Store = await OpenStoreAsync();

        var message = (await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default)).Single();
        message.BlobId.ShouldBe(appended.BlobId);
        (await Store.IsHealthyAsync(default)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_store_with_a_newer_schema_is_refused()
    {
        await ExecuteSqlAsync("INSERT INTO schema_version (version, name) VALUES (999, '0999_future.sql')");
        await Store.DisposeAsync();

        var error = await Refused(async () => Store = await OpenStoreAsync(), StoreError.SchemaTooNew);

        error.Message.ShouldContain("999");
        await ExecuteSqlAsync("DELETE FROM schema_version WHERE version = 999");
        Store = await OpenStoreAsync();
    }
}
