using System.Globalization;
using System.Net;
using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests.Mta;

/// <summary>
/// Nothing the sending operator acknowledged is lost when its node is killed mid-delivery; two nodes on one
/// PostgreSQL queue deliver each message once. A duplicate is allowed only in the commit window: the peer said 250,
/// the node died before recording it, and the recipient is delivered again after the lease (docs/mta.md).
/// </summary>
public sealed class MtaDurabilityTests : IAsyncLifetime
{
    private const int Messages = 120;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private TwoOperators _operators = null!;

    private static string BobAtB => $"jean.dupont@{TwoOperators.B.Domain}";

    public async Task InitializeAsync() => _operators = await TwoOperators.CreateAsync();

    public async Task DisposeAsync() => await _operators.DisposeAsync();

    private static string Subject(int i) => "m" + i.ToString("D4", CultureInfo.InvariantCulture);

    private async Task SubmitAllAsync()
    {
        using var client = await _operators.SubmissionClientAsync(TwoOperators.A);
        for (var i = 0; i < Messages; i++)
        {
            await TwoOperators.SubmitAsync(client, TwoOperators.A, [BobAtB], Subject(i), bodyBytes: 20_000);
        }
    }

    [Fact]
    public async Task A_sending_node_killed_while_it_delivers_loses_nothing()
    {
        // B is down while A takes the messages, so the kill finds A's queue full whatever the delivery rate; one
        // connection to B keeps it from draining before the kill.
        _operators.Settings.Add("--Mta:Lease=00:00:03");
        _operators.Settings.Add("--Mta:PerDomainConcurrency=1");
        await _operators.StartAsync(TwoOperators.A);
        await SubmitAllAsync();
        await _operators.StartAsync(TwoOperators.B);
        await _operators.WaitForInboxAsync(TwoOperators.B, "jean.dupont", 10, Wait);
        await _operators.KillAsync(TwoOperators.A);
        var atKill = (await _operators.InboxSubjectsAsync(TwoOperators.B, "jean.dupont")).Count;
        await _operators.StartAsync(TwoOperators.A);

        var subjects = await WaitForAllAsync();
        subjects.Distinct().Count().ShouldBe(Messages, _operators.Log(TwoOperators.A));
        // At most one message per connection to B was between B's 250 and A's record of it.
        (subjects.Count - Messages).ShouldBeLessThanOrEqualTo(4, $"{subjects.Count - Messages} duplicates");
        atKill.ShouldBeLessThan(Messages, "the kill came after every delivery: the test proved nothing");
        await AssertQueueDrainedAsync();
    }

    [Fact]
    public async Task Two_nodes_on_postgresql_drain_one_queue_and_deliver_each_message_once()
    {
        await using var database = await TestPostgres.CreateAsync();
        var second = TwoOperators.A with { Address = IPAddress.Parse("127.0.0.3") };
        _operators.StoreArguments[TwoOperators.A] = ["--store", database.ConnectionString];
        _operators.StoreArguments[second] = ["--store", database.ConnectionString];
        _operators.Settings.Add("--Mta:BatchSize=4");
        await _operators.StartAsync(TwoOperators.B);
        await _operators.StartAsync(TwoOperators.A);
        await _operators.StartAsync(second, "--Mta:HostName=mx2.operateur-a.mssante.test");

        await SubmitAllAsync();

        var subjects = await WaitForAllAsync();
        subjects.Count.ShouldBe(Messages, _operators.Log(TwoOperators.A));
        subjects.Distinct().Count().ShouldBe(Messages);
        var byNode = (await _operators.InboxAsync(TwoOperators.B, "jean.dupont"))
            .GroupBy(m => m.Headers.First(h => h.Id == MimeKit.HeaderId.Received).Value.Contains("from mx2.", StringComparison.Ordinal))
            .ToDictionary(g => g.Key, g => g.Count());
        byNode.Keys.Count.ShouldBe(2, "both nodes should have delivered some of the queue");
        await AssertQueueDrainedAsync();
    }

    private async Task<List<string>> WaitForAllAsync()
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var subjects = await _operators.InboxSubjectsAsync(TwoOperators.B, "jean.dupont");
            if (subjects.Distinct().Count() >= Messages || DateTime.UtcNow > deadline)
            {
                return subjects;
            }

            await Task.Delay(250);
        }
    }

    private async Task AssertQueueDrainedAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using var store = await _operators.OpenStoreAsync(TwoOperators.A);
            var pending = (await store.Queue.ListAsync(10_000, default)).Where(q => q.Status != "delivered").ToList();
            if (pending.Count == 0 || DateTime.UtcNow > deadline)
            {
                pending.ShouldBeEmpty();
                return;
            }

            await Task.Delay(250);
        }
    }
}
