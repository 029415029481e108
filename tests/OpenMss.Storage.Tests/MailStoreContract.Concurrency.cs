using System.Collections.Concurrent;
using OpenMss.Storage.Model;

namespace OpenMss.Storage.Tests;

public abstract partial class MailStoreContract
{
    [Fact]
    public async Task Parallel_appends_to_one_folder_get_unique_increasing_uids_and_lose_nothing()
    {
        const int writers = 8;
        const int perWriter = 25;
        var inbox = await InboxAsync(await AddBalAsync());
        var results = new ConcurrentBag<(int Writer, int Index, AppendResult Result)>();

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                results.Add((w, i, await AppendAsync(inbox, $"writer {w} message {i}")));
            }
        })));

        var uids = results.Select(r => r.Result.Uid).Order().ToList();
        uids.ShouldBe([.. Enumerable.Range(1, writers * perWriter).Select(i => (uint)i)]);
        results.Select(r => r.Result.ModSeq).Distinct().Count().ShouldBe(writers * perWriter);
        foreach (var writer in results.GroupBy(r => r.Writer))
        {
            // Each writer's own appends commit in order, so their UIDs increase in that order.
            var ordered = writer.OrderBy(r => r.Index).Select(r => r.Result.Uid).ToList();
            ordered.ShouldBe([.. ordered.Order()]);
        }

        var stored = await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default);
        stored.Count.ShouldBe(writers * perWriter);
        stored.Select(m => m.BlobId).Distinct().Count().ShouldBe(writers * perWriter);
        (await Store.Mailboxes.GetStatusAsync(inbox.Id, default)).UidNext.ShouldBe((uint)(writers * perWriter + 1));
    }

    [Fact]
    public async Task Crossing_moves_between_two_folders_neither_deadlock_nor_lose_messages()
    {
        var bal = await AddBalAsync();
        var inbox = await InboxAsync(bal);
        var sent = (await Store.Mailboxes.FindFolderAsync(bal.Id, "Sent", default))!;
        for (var i = 0; i < 20; i++)
        {
            await AppendAsync(inbox, $"in {i}");
            await AppendAsync(sent, $"sent {i}");
        }

        await Task.WhenAll(
            Task.Run(() => Store.Mailboxes.MoveAsync(inbox.Id, UidSet.All, sent.Id, default)),
            Task.Run(() => Store.Mailboxes.MoveAsync(sent.Id, UidSet.All, inbox.Id, default))).WaitAsync(TimeSpan.FromSeconds(60));

        var total = (await Store.Mailboxes.GetStatusAsync(inbox.Id, default)).Messages + (await Store.Mailboxes.GetStatusAsync(sent.Id, default)).Messages;
        total.ShouldBe(40U);
    }

    [Fact]
    public async Task A_watch_wakes_on_append_and_coalesces_notices()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        using var watch = Store.Changes.Watch(inbox.Id);
        var waiting = watch.WaitAsync(Timeout()).AsTask();
        waiting.IsCompleted.ShouldBeFalse();

        var appended = await AppendAsync(inbox, "wake up");

        (await waiting).ShouldBe(appended.ModSeq);
        await AppendAsync(inbox, "a");
        var last = await AppendAsync(inbox, "b");
        // Coalesced: the watch is woken again, at most once per commit, until it reports the last one.
        var woken = 0;
        while (await watch.WaitAsync(Timeout()) != last.ModSeq)
        {
            (++woken).ShouldBeLessThan(2);
        }
    }

    [Fact]
    public async Task A_watch_on_another_folder_stays_asleep()
    {
        var bal = await AddBalAsync();
        var inbox = await InboxAsync(bal);
        var sent = (await Store.Mailboxes.FindFolderAsync(bal.Id, "Sent", default))!;
        using var watch = Store.Changes.Watch(sent.Id);
        using var inboxWatch = Store.Changes.Watch(inbox.Id);

        await AppendAsync(inbox, "not for sent");
        (await inboxWatch.WaitAsync(Timeout())).ShouldBeGreaterThan(0UL); // the commit's notices went out

        watch.TryTake(out _).ShouldBeFalse();
    }
}
