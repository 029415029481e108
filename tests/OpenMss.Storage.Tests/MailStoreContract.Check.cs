using OpenMss.Storage.Model;

namespace OpenMss.Storage.Tests;

public abstract partial class MailStoreContract
{
    /// <summary>Changes one byte of a blob's content, keeping its length, behind the store's back.</summary>
    protected abstract Task DamageBlobAsync(string blobId);

    [Fact]
    public async Task A_store_used_normally_checks_sound()
    {
        var bal = await AddBalAsync();
        var inbox = await InboxAsync(bal);
        var sent = (await Store.Mailboxes.FindFolderAsync(bal.Id, "Sent", default))!;
        for (var i = 0; i < 4; i++)
        {
            await AppendAsync(inbox, $"message {i}");
        }

        await Store.Mailboxes.StoreFlagsAsync(inbox.Id, UidSet.Of(2), FlagChangeMode.Add, FlagSet.Create(MessageFlags.Deleted), null, default);
        await Store.Mailboxes.ExpungeAsync(inbox.Id, null, default);
        await Store.Mailboxes.CopyAsync(inbox.Id, UidSet.Of(1), sent.Id, default);

        var check = await Store.CheckAsync(default);

        check.Problems.ShouldBeEmpty();
        check.IsSound.ShouldBeTrue();
        check.Counts.ShouldBe(new StoreCheckCounts(Bals: 1, Folders: 2, Messages: 4, Blobs: 4));
    }

    [Fact]
    public async Task The_check_reports_counters_sizes_and_bytes_that_break_the_rules_without_changing_anything()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        await AppendAsync(inbox, "first");
        var second = await AppendAsync(inbox, "second");
        await ExecuteSqlAsync("UPDATE folders SET uid_next = 2, highest_modseq = 1 WHERE name = 'INBOX'");
        await ExecuteSqlAsync($"UPDATE messages SET size = size + 1 WHERE uid = 1");
        await DamageBlobAsync(second.BlobId);

        var check = await Store.CheckAsync(default);
        var again = await Store.CheckAsync(default);

        check.IsSound.ShouldBeFalse();
        check.Problems.ShouldContain($"Folder INBOX of jean.dupont@{Domain} holds UID 2, at or above its UIDNEXT 2.");
        check.Problems.ShouldContain(p => p.StartsWith($"Folder INBOX of jean.dupont@{Domain} holds a message at mod-sequence", StringComparison.Ordinal));
        check.Problems.ShouldContain(p => p.StartsWith($"Folder INBOX of jean.dupont@{Domain} UID 1 records", StringComparison.Ordinal));
        check.Problems.ShouldContain(p => p.StartsWith($"Blob {second.BlobId} does not hash to its name", StringComparison.Ordinal));
        check.Problems.Count.ShouldBe(4);
        again.ShouldBeEquivalentTo(check);
    }
}
