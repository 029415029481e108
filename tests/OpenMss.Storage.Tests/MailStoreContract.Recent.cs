using OpenMss.Storage.Model;

namespace OpenMss.Storage.Tests;

/// <summary>The recent floor (RFC 3501 §2.3.2): each message is taken as \Recent by one claim only.</summary>
public abstract partial class MailStoreContract
{
    [Fact]
    public async Task The_recent_floor_rises_with_claims_only_and_status_counts_what_is_above_it()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        await AppendAsync(inbox, "un");
        var second = await AppendAsync(inbox, "deux");

        (await Store.Mailboxes.RecentFloorAsync(inbox.Id, null, default)).ShouldBe(0u);
        (await Store.Mailboxes.GetStatusAsync(inbox.Id, default)).Recent.ShouldBe(2u);
        (await Store.Mailboxes.RecentFloorAsync(inbox.Id, second.Uid, default)).ShouldBe(0u, "the first claim gets both");
        (await Store.Mailboxes.RecentFloorAsync(inbox.Id, second.Uid, default)).ShouldBe(second.Uid, "the next one gets none");
        (await Store.Mailboxes.RecentFloorAsync(inbox.Id, 1, default)).ShouldBe(second.Uid, "the floor never goes down");
        (await Store.Mailboxes.GetStatusAsync(inbox.Id, default)).Recent.ShouldBe(0u);

        var third = await AppendAsync(inbox, "trois");
        (await Store.Mailboxes.GetStatusAsync(inbox.Id, default)).Recent.ShouldBe(1u);
        (await Store.Mailboxes.RecentFloorAsync(inbox.Id, third.Uid, default)).ShouldBe(second.Uid);
        await Refused(() => Store.Mailboxes.RecentFloorAsync(999_999, 1, default), StoreError.NotFound);
    }

    [Fact]
    public async Task Concurrent_claims_take_each_message_once()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        var claims = new List<Task<(uint Floor, uint UpTo)>>();
        for (var i = 0; i < 20; i++)
        {
            var appended = await AppendAsync(inbox, $"message {i}");
            claims.Add(ClaimAsync(Store, inbox.Id, appended.Uid));
            claims.Add(ClaimAsync(Store, inbox.Id, appended.Uid));
        }

        Disjoint(await Task.WhenAll(claims), 20);
    }

    /// <summary>A claim as a session makes it: the UIDs it takes are those above the floor it was given, up to its own.</summary>
    protected static async Task<(uint Floor, uint UpTo)> ClaimAsync(IMailStore store, long folderId, uint upTo) =>
        (await Task.Run(() => store.Mailboxes.RecentFloorAsync(folderId, upTo, default)), upTo);

    /// <summary>Every UID from 1 to <paramref name="last"/> taken by exactly one claim.</summary>
    protected static void Disjoint(IEnumerable<(uint Floor, uint UpTo)> claims, uint last)
    {
        var taken = claims.SelectMany(c => Enumerable.Range((int)c.Floor + 1, Math.Max(0, (int)c.UpTo - (int)c.Floor)).Select(u => (uint)u)).ToList();
        taken.Order().ShouldBe(Enumerable.Range(1, (int)last).Select(u => (uint)u));
    }
}
