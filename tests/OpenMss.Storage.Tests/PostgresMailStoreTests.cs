using OpenMss.Storage.Model;
using OpenMss.Storage.Postgres;
using OpenMss.TestSupport;

namespace OpenMss.Storage.Tests;

/// <summary>The contract on PostgreSQL (a fresh database per test), plus the change feed between nodes.</summary>
public sealed class PostgresMailStoreTests : MailStoreContract
{
    private TestPostgres? _database;

    protected override async Task<IMailStore> OpenStoreAsync()
    {
        _database ??= await TestPostgres.CreateAsync();
        return await PostgresMailStore.OpenAsync(_database.ConnectionString, default);
    }

    protected override Task ExecuteSqlAsync(string sql) => _database!.ExecuteAsync(sql);

    protected override Task DamageBlobAsync(string blobId) =>
        _database!.ExecuteAsync($"UPDATE blobs SET content = set_byte(content, 0, get_byte(content, 0) # 1) WHERE id = '{blobId}'");

    protected override async Task CleanUpAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_second_node_on_the_same_database_is_woken_by_the_first_ones_append()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        await using var otherNode = await OpenStoreAsync();
        using var watch = otherNode.Changes.Watch(inbox.Id);

        var appended = await AppendAsync(inbox, "seen from the other node");

        (await watch.WaitAsync(Timeout())).ShouldBe(appended.ModSeq);
        var changes = await otherNode.Mailboxes.GetChangesAsync(inbox.Id, 0, default);
        changes.Changed.Single().Uid.ShouldBe(appended.Uid);
    }

    [Fact]
    public async Task Two_nodes_claiming_recent_messages_at_once_take_each_once()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        await using var otherNode = await OpenStoreAsync();
        var claims = new List<Task<(uint Floor, uint UpTo)>>();
        for (var i = 0; i < 20; i++)
        {
            var appended = await AppendAsync(inbox, $"message {i}");
            claims.Add(ClaimAsync(Store, inbox.Id, appended.Uid));
            claims.Add(ClaimAsync(otherNode, inbox.Id, appended.Uid));
        }

        Disjoint(await Task.WhenAll(claims), 20);
    }

    [Fact]
    public async Task When_the_listening_connection_is_cut_watches_resynchronise_and_notices_resume()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        using var watch = Store.Changes.Watch(inbox.Id);

        await ExecuteSqlAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'");

        (await watch.WaitAsync(Timeout(20))).ShouldBe(0UL, "a lost connection may have lost notices: resynchronise");
        var appended = await AppendAsync(inbox, "after the reconnection");
        var seen = await watch.WaitAsync(Timeout());
        while (seen != appended.ModSeq)
        {
            seen = await watch.WaitAsync(Timeout());
        }
    }

    [Fact]
    public async Task Two_nodes_migrating_at_once_both_start()
    {
        await using var database = await TestPostgres.CreateAsync();

        var stores = await Task.WhenAll(
            PostgresMailStore.OpenAsync(database.ConnectionString, default),
            PostgresMailStore.OpenAsync(database.ConnectionString, default));

        foreach (var store in stores)
        {
            (await store.IsHealthyAsync(default)).ShouldBeTrue();
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unreachable_server_is_refused_with_a_sentence_that_hides_the_password()
    {
        var error = await Refused(
            () => PostgresMailStore.OpenAsync("Host=127.0.0.1;Port=1;Username=u;Password=sekret;Timeout=2", default),
            StoreError.Unavailable);

        error.Message.ShouldContain("127.0.0.1:1");
        error.Message.ShouldNotContain("sekret");
    }
}
