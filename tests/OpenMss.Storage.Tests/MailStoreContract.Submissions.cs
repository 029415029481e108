using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Storage.Tests;

/// <summary>SMTP submissions: one transaction for the blob, the local deliveries, the queue and the indicators.</summary>
public abstract partial class MailStoreContract
{
    private static readonly DateTimeOffset SubmittedAt = new(2026, 11, 22, 14, 55, 40, TimeSpan.Zero);

    private static Submission NewSubmission(IReadOnlyList<long> inboxes, params string[] remote) => new(
        "mail-1",
        $"jean.dupont@{Domain}",
        SubmittedAt,
        inboxes,
        [.. remote.Select(r => new RemoteRecipient(r))],
        [new IndicatorFields($"secretariat@{Domain}", "O", "34112-3,PRESC-BIO", "DEV935997", ""), new IndicatorFields("dr.x@autre.mssante.test", null, null, null, "nil-missing")]);

    [Fact]
    public async Task A_submission_lands_in_every_local_inbox_the_queue_and_the_indicators_at_once()
    {
        var first = await InboxAsync(await AddBalAsync("secretariat", BalType.Org, "1750000001"));
        var second = await InboxAsync(await AddBalAsync("marie.martin", BalType.Per, "810002345678"));
        using var watch = Store.Changes.Watch(first.Id);
        var bytes = TestMessages.Create("submitted");

        var result = await Store.Submissions.SubmitAsync(NewSubmission([first.Id, second.Id], "dr.x@autre.mssante.test"), new MemoryStream(bytes), MaxSize, default);

        result.Size.ShouldBe(bytes.Length);
        result.Appended.Select(a => (a.FolderId, a.Uid)).ShouldBe([(first.Id, 1U), (second.Id, 1U)], ignoreOrder: true);
        foreach (var folder in new[] { first, second })
        {
            var message = (await Store.Mailboxes.FetchAsync(folder.Id, UidSet.All, default)).ShouldHaveSingleItem();
            (message.BlobId, message.Size, message.InternalDate).ShouldBe((result.BlobId, bytes.Length, SubmittedAt));
        }

        var queued = (await Store.Queue.ListAsync(10, default)).ShouldHaveSingleItem();
        (queued.Recipient, queued.BlobId, queued.Status, queued.Attempts, queued.MailId).ShouldBe(("dr.x@autre.mssante.test", result.BlobId, "pending", 0, "mail-1"));
        var indicators = await Store.Submissions.ListIndicatorsAsync(SubmittedAt, SubmittedAt.AddSeconds(1), 10, default);
        indicators.ShouldBe(
        [
            new IndicatorRecord("mail-1", $"jean.dupont@{Domain}", $"secretariat@{Domain}", SubmittedAt, bytes.Length, "O", "34112-3,PRESC-BIO", "DEV935997", ""),
            new IndicatorRecord("mail-1", $"jean.dupont@{Domain}", "dr.x@autre.mssante.test", SubmittedAt, bytes.Length, null, null, null, "nil-missing"),
        ]);
        (await Store.Submissions.ListIndicatorsAsync(SubmittedAt.AddSeconds(1), SubmittedAt.AddDays(1), 10, default)).ShouldBeEmpty();
        (await watch.WaitAsync(Timeout())).ShouldBeGreaterThan(0UL);
    }

    [Fact]
    public async Task A_failed_submission_leaves_nothing_behind()
    {
        var inbox = await InboxAsync(await AddBalAsync("secretariat", BalType.Org, "1750000001"));

        await Refused(() => Store.Submissions.SubmitAsync(NewSubmission([inbox.Id], "dr.x@autre.mssante.test"), new MemoryStream(new byte[MaxSize + 1]), MaxSize, default), StoreError.TooLarge);
        await Refused(() => Store.Submissions.SubmitAsync(NewSubmission([inbox.Id, 999_999], "dr.x@autre.mssante.test"), new MemoryStream(TestMessages.Create("x")), MaxSize, default), StoreError.NotFound);

        (await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default)).ShouldBeEmpty();
        (await Store.Queue.ListAsync(10, default)).ShouldBeEmpty();
        (await Store.Submissions.ListIndicatorsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10, default)).ShouldBeEmpty();
        (await Store.Mailboxes.GetStatusAsync(inbox.Id, default)).UidNext.ShouldBe(1U);
    }

    [Fact]
    public async Task A_blob_waiting_in_the_queue_is_never_purged()
    {
        var result = await Store.Submissions.SubmitAsync(NewSubmission([], "dr.x@autre.mssante.test"), new MemoryStream(TestMessages.Create("remote only")), MaxSize, default);

        (await Store.Mailboxes.PurgeUnreferencedBlobsAsync(DateTimeOffset.UtcNow.AddYears(10), default)).ShouldBe(0);
        await using var stream = await Store.Mailboxes.OpenBlobAsync(result.BlobId, default);
        stream.ReadByte().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_backlog_counts_pending_recipients_and_the_trace_parent_travels_with_them()
    {
        (await Store.Queue.GetBacklogAsync(default)).ShouldBe(new QueueBacklog(0, null));
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        await Store.Submissions.SubmitAsync(NewSubmission([], "dr.x@autre.mssante.test", "dr.y@autre.mssante.test") with { TraceParent = traceParent }, new MemoryStream(TestMessages.Create("traced")), MaxSize, default);

        (await Store.Queue.GetBacklogAsync(default)).ShouldBe(new QueueBacklog(2, SubmittedAt));
        (await Store.Queue.ListAsync(10, default)).ShouldAllBe(q => q.TraceParent == traceParent);
    }
}
