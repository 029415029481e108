using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Storage.Tests;

/// <summary>The inter-operator MTA's queue, domain status and whitelist: claims with leases, retries, batches.</summary>
public abstract partial class MailStoreContract
{
    private static readonly DateTimeOffset QueuedAt = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private async Task<SubmissionResult> QueueAsync(params RemoteRecipient[] recipients) =>
        await Store.Submissions.SubmitAsync(
            new Submission("mail-q", $"jean.dupont@{Domain}", QueuedAt, [], recipients, []) { Dsn = new DsnEnvelope("env-42", "HDRS") },
            new MemoryStream(TestMessages.Create("queued")),
            MaxSize,
            default);

    [Fact]
    public async Task A_claimed_recipient_is_leased_to_one_node_until_its_lease_expires()
    {
        await QueueAsync(new RemoteRecipient("dr.x@Autre.mssante.test", "FAILURE,DELAY", "rfc822;dr.x@autre.mssante.test"));

        var claimed = (await Store.Queue.ClaimAsync("node-1", QueuedAt, TimeSpan.FromMinutes(5), 10, default)).ShouldHaveSingleItem();
        (claimed.Domain, claimed.Notify, claimed.Orcpt, claimed.Dsn).ShouldBe(("autre.mssante.test", "FAILURE,DELAY", "rfc822;dr.x@autre.mssante.test", new DsnEnvelope("env-42", "HDRS")));
        (await Store.Queue.ClaimAsync("node-2", QueuedAt.AddMinutes(4), TimeSpan.FromMinutes(5), 10, default)).ShouldBeEmpty();

        // node-1 died: once its lease is over, node-2 gets the recipient.
        (await Store.Queue.ClaimAsync("node-2", QueuedAt.AddMinutes(6), TimeSpan.FromMinutes(5), 10, default)).ShouldHaveSingleItem().Id.ShouldBe(claimed.Id);
    }

    [Fact]
    public async Task A_renewed_lease_keeps_a_long_delivery_to_its_node()
    {
        await QueueAsync(new RemoteRecipient("dr.x@autre.mssante.test"));
        var claimed = (await Store.Queue.ClaimAsync("node-1", QueuedAt, TimeSpan.FromMinutes(5), 10, default)).ShouldHaveSingleItem();

        (await Store.Queue.RenewAsync("node-1", [claimed.Id], QueuedAt.AddMinutes(10), default)).ShouldBe(1);
        (await Store.Queue.RenewAsync("node-2", [claimed.Id], QueuedAt.AddMinutes(20), default)).ShouldBe(0); // not its lease

        (await Store.Queue.ClaimAsync("node-2", QueuedAt.AddMinutes(6), TimeSpan.FromMinutes(5), 10, default)).ShouldBeEmpty();
        (await Store.Queue.ClaimAsync("node-2", QueuedAt.AddMinutes(11), TimeSpan.FromMinutes(5), 10, default)).ShouldHaveSingleItem();
        await Store.Queue.UpdateAsync([new QueueUpdate(claimed.Id, QueueOutcome.Delivered, QueuedAt.AddMinutes(12), null)], default);
        (await Store.Queue.RenewAsync("node-2", [claimed.Id], QueuedAt.AddMinutes(30), default)).ShouldBe(0); // finished: nothing to hold
    }

    [Fact]
    public async Task A_deferred_recipient_waits_for_its_next_attempt_and_counts_it()
    {
        await QueueAsync(new RemoteRecipient("dr.x@autre.mssante.test"));
        var claimed = (await Store.Queue.ClaimAsync("node-1", QueuedAt, TimeSpan.FromMinutes(5), 10, default)).ShouldHaveSingleItem();

        await Store.Queue.UpdateAsync([new QueueUpdate(claimed.Id, QueueOutcome.Deferred, QueuedAt.AddMinutes(5), "421 4.3.2 try later")], default);

        (await Store.Queue.ClaimAsync("node-1", QueuedAt.AddMinutes(4), TimeSpan.FromMinutes(5), 10, default)).ShouldBeEmpty();
        var again = (await Store.Queue.ClaimAsync("node-1", QueuedAt.AddMinutes(5), TimeSpan.FromMinutes(5), 10, default)).ShouldHaveSingleItem();
        (again.Attempts, again.LastError, again.Status, again.DelayReported).ShouldBe((1, "421 4.3.2 try later", "pending", false));

        await Store.Queue.UpdateAsync([new QueueUpdate(again.Id, QueueOutcome.Deferred, QueuedAt.AddMinutes(15), "still", DelayReported: true)], default);
        await Store.Queue.UpdateAsync([new QueueUpdate(again.Id, QueueOutcome.Deferred, QueuedAt.AddMinutes(15), "still")], default);
        (await Store.Queue.ListAsync(10, default)).ShouldHaveSingleItem().DelayReported.ShouldBeTrue(); // told once, stays told
    }

    [Fact]
    public async Task Finished_recipients_are_never_claimed_and_go_in_batches_with_their_blob()
    {
        var result = await QueueAsync(new RemoteRecipient("a@autre.mssante.test"), new RemoteRecipient("b@autre.mssante.test"), new RemoteRecipient("c@autre.mssante.test"));
        var claimed = await Store.Queue.ClaimAsync("node-1", QueuedAt, TimeSpan.FromMinutes(5), 10, default);
        claimed.Count.ShouldBe(3);

        await Store.Queue.UpdateAsync(
        [
            new QueueUpdate(claimed[0].Id, QueueOutcome.Delivered, QueuedAt.AddSeconds(1)),
            new QueueUpdate(claimed[1].Id, QueueOutcome.Failed, QueuedAt.AddSeconds(1), "550 5.1.1 unknown"),
            new QueueUpdate(claimed[2].Id, QueueOutcome.Deferred, QueuedAt, "timeout"),
        ],
            default);

        (await Store.Queue.ClaimAsync("node-2", QueuedAt.AddDays(1), TimeSpan.FromMinutes(5), 10, default)).ShouldHaveSingleItem().Id.ShouldBe(claimed[2].Id);
        var listed = await Store.Queue.ListAsync(10, default);
        listed.Select(q => (q.Status, q.Attempts)).ShouldBe([("delivered", 1), ("failed", 1), ("pending", 1)]);
        listed[1].LastError.ShouldBe("550 5.1.1 unknown");

        (await Store.Queue.PurgeFinishedAsync(QueuedAt, 10, default)).ShouldBe(0);
        (await Store.Queue.PurgeFinishedAsync(QueuedAt.AddMinutes(1), 1, default)).ShouldBe(1);
        (await Store.Queue.PurgeFinishedAsync(QueuedAt.AddMinutes(1), 10, default)).ShouldBe(1);
        (await Store.Queue.ListAsync(10, default)).ShouldHaveSingleItem().Status.ShouldBe("pending");

        await Store.Queue.UpdateAsync([new QueueUpdate(claimed[2].Id, QueueOutcome.Delivered, QueuedAt.AddSeconds(2))], default);
        (await Store.Queue.PurgeFinishedAsync(QueuedAt.AddMinutes(1), 10, default)).ShouldBe(1);
        (await Store.Mailboxes.PurgeUnreferencedBlobsAsync(DateTimeOffset.UtcNow.AddYears(10), default)).ShouldBe(1);
        await Should.ThrowAsync<Exception>(async () => await (await Store.Mailboxes.OpenBlobAsync(result.BlobId, default)).DisposeAsync());
    }

    [Fact]
    public async Task Concurrent_claimers_never_share_a_recipient()
    {
        await QueueAsync([.. Enumerable.Range(0, 60).Select(i => new RemoteRecipient($"r{i}@autre.mssante.test"))]);

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(node => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (true)
            {
                var batch = await Store.Queue.ClaimAsync($"node-{node}", QueuedAt, TimeSpan.FromMinutes(5), 4, default);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch.Select(b => b.Id));
            }
        })));

        var all = claims.SelectMany(c => c).ToList();
        all.Count.ShouldBe(60);
        all.Distinct().Count().ShouldBe(60);
    }

    [Fact]
    public async Task A_domain_fails_since_its_first_failure_after_the_last_success()
    {
        await Store.Queue.RecordFailureAsync("autre.mssante.test", QueuedAt, "connection refused", default);
        await Store.Queue.RecordFailureAsync("autre.mssante.test", QueuedAt.AddHours(1), "timeout", default);
        await Store.Queue.RecordSuccessAsync("vu.mssante.test", QueuedAt, default);

        var domains = await Store.Queue.ListDomainsAsync(default);
        domains.ShouldBe(
        [
            new DomainStatus("autre.mssante.test", null, QueuedAt.AddHours(1), "timeout", QueuedAt),
            new DomainStatus("vu.mssante.test", QueuedAt, null, null, null),
        ]);

        await Store.Queue.RecordSuccessAsync("autre.mssante.test", QueuedAt.AddHours(2), default);
        (await Store.Queue.ListDomainsAsync(default))[0].ShouldBe(new DomainStatus("autre.mssante.test", QueuedAt.AddHours(2), QueuedAt.AddHours(1), "timeout", null));
    }

    [Fact]
    public async Task The_whitelist_is_replaced_whole()
    {
        (await Store.Whitelist.StateAsync(default)).ShouldBeNull();
        var first = new WhitelistState(QueuedAt, QueuedAt.AddHours(1), "aa11", "/tmp/listeblanche.xml", 2);
        await Store.Whitelist.ReplaceAsync(
            [new("a.mssante.fr", "CN=mx1,O=A,C=FR"), new("a.mssante.fr", "CN=mx2,O=A,C=FR"), new("b.mssante.fr", "CN=mx,O=B,C=FR"), new("b.mssante.fr", "CN=mx,O=B,C=FR")],
            first,
            default);

        (await Store.Whitelist.StateAsync(default)).ShouldBe(first);
        (await Store.Whitelist.FindAsync("a.mssante.fr", default)).ShouldBe(["CN=mx1,O=A,C=FR", "CN=mx2,O=A,C=FR"]);
        (await Store.Whitelist.ListAsync(default)).Count.ShouldBe(3);

        var entries = Enumerable.Range(0, 1200).Select(i => new WhitelistEntry($"d{i:D4}.mssante.fr", $"CN=mx{i},O=X,C=FR")).ToList();
        var second = new WhitelistState(null, QueuedAt.AddDays(1), "bb22", "https://espacedeconfiance.mssante.fr/listeblanchemssante.xml", 1200);
        await Store.Whitelist.ReplaceAsync(entries, second, default);

        (await Store.Whitelist.StateAsync(default)).ShouldBe(second);
        (await Store.Whitelist.FindAsync("a.mssante.fr", default)).ShouldBeEmpty();
        (await Store.Whitelist.ListAsync(default)).ShouldBe(entries);
    }
}
