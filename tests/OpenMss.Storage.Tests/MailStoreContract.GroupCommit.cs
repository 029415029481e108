using System.Diagnostics.Metrics;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Storage.Tests;

/// <summary>Group commit: concurrent writes share transactions, yet each succeeds or fails on its own.</summary>
public abstract partial class MailStoreContract
{
    [Fact]
    public async Task Concurrent_submissions_share_commits_and_a_failing_one_fails_alone()
    {
        var inbox = await InboxAsync(await AddBalAsync("secretariat", BalType.Org, "1750000001"));
        var batches = new List<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StoreTelemetry.Name && instrument.Name == "openmss.store.commit.batch")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            lock (batches)
            {
                batches.Add(value);
            }
        });
        listener.Start();

        // 48 good submissions, and every eighth one also names a folder that does not exist.
        var writes = Enumerable.Range(0, 48).Select(i => Task.Run(() => Store.Submissions.SubmitAsync(
            NewSubmission(i % 8 == 7 ? [inbox.Id, 999_999] : [inbox.Id]) with { MailId = $"mail-{i}" },
            new MemoryStream(TestMessages.Create($"message {i}")),
            MaxSize,
            default))).ToList();
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                return (await w).Appended.Single().Uid;
            }
            catch (StoreException e) when (e.Error == StoreError.NotFound)
            {
                return 0U;
            }
        }));

        outcomes.Count(uid => uid == 0).ShouldBe(6);
        outcomes.Where(uid => uid != 0).Order().ShouldBe([.. Enumerable.Range(1, 42).Select(i => (uint)i)]);
        var stored = await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default);
        stored.Count.ShouldBe(42);
        foreach (var message in stored.Take(5))
        {
            await using var bytes = await Store.Mailboxes.OpenBlobAsync(message.BlobId, default);
            (await new StreamReader(bytes).ReadToEndAsync()).ShouldContain("Subject: message ");
        }

        (await Store.Submissions.ListIndicatorsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 1000, default)).Count.ShouldBe(42 * 2);
        lock (batches)
        {
            batches.Sum().ShouldBeGreaterThanOrEqualTo(48);
            batches.Max().ShouldBeGreaterThan(1, "48 writes queued at once were committed one by one");
        }
    }

    [Fact]
    public async Task Appends_while_submissions_commit_keep_uids_unique()
    {
        var inbox = await InboxAsync(await AddBalAsync("secretariat", BalType.Org, "1750000001"));

        var submissions = Enumerable.Range(0, 20).Select(i => Task.Run(() => Store.Submissions.SubmitAsync(
            NewSubmission([inbox.Id]) with { MailId = $"s-{i}" }, new MemoryStream(TestMessages.Create($"s {i}")), MaxSize, default)));
        var appends = Enumerable.Range(0, 20).Select(i => Task.Run(() => AppendAsync(inbox, $"a {i}")));
        await Task.WhenAll([.. submissions, .. appends]);

        var stored = await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default);
        stored.Select(m => m.Uid).ShouldBe([.. Enumerable.Range(1, 40).Select(i => (uint)i)]);
        (await Store.Mailboxes.GetStatusAsync(inbox.Id, default)).UidNext.ShouldBe(41U);
        (await Store.CheckAsync(default)).Problems.ShouldBeEmpty();
    }
}
