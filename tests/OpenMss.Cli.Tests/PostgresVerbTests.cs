using System.Globalization;
using OpenMss.Storage;
using OpenMss.Storage.Postgres;
using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary>The same verbs on PostgreSQL (--store), and two processes sharing one database.</summary>
public sealed class PostgresVerbTests : IAsyncLifetime
{
    private const string Address = "jean.dupont@operateur-a.mssante.test";
    private TestPostgres _database = null!;

    public async Task InitializeAsync() => _database = await TestPostgres.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Administration_verbs_work_on_postgresql()
    {
        (await Cli.RunAsync("--store", _database.ConnectionString, "domain", "add", "operateur-a.mssante.test")).ExitCode.ShouldBe(0);
        (await Cli.RunAsync("--store", _database.ConnectionString, "bal", "add", Address, "--type", "PER", "--idnat", "810001234567")).ExitCode.ShouldBe(0);

        var duplicate = await Cli.RunAsync("--store", _database.ConnectionString, "bal", "add", Address, "--type", "PER", "--idnat", "810001234567");
        var list = await Cli.RunAsync("--store", _database.ConnectionString, "bal", "list");

        duplicate.ExitCode.ShouldBe(1);
        duplicate.ErrorLines.ShouldBe([$"The BAL {Address} exists already."]);
        list.Out.ShouldStartWith(Address);
    }

    [Fact]
    public async Task An_unreachable_postgresql_is_one_sentence()
    {
        var outcome = await Cli.RunAsync("--store", $"Host=127.0.0.1;Port={Repository.FreePort()};Username=x;Password=secret;Timeout=2", "domain", "list");

        outcome.ExitCode.ShouldBe(1);
        outcome.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("PostgreSQL at postgresql://127.0.0.1:");
        outcome.Error.ShouldNotContain("secret");
    }

    [Fact]
    public async Task A_process_sees_another_process_append_through_the_change_feed()
    {
        await Cli.RunAsync("--store", _database.ConnectionString, "domain", "add", "operateur-a.mssante.test");
        await Cli.RunAsync("--store", _database.ConnectionString, "bal", "add", Address, "--type", "PER", "--idnat", "810001234567");
        await using IMailStore store = await PostgresMailStore.OpenAsync(_database.ConnectionString, default);
        var bal = (await store.Directory.FindBalAsync(Address, default))!;
        var inbox = (await store.Mailboxes.FindFolderAsync(bal.Id, "INBOX", default))!;
        using var watch = store.Changes.Watch(inbox.Id);
        using var directory = new TempDirectory();
        var file = directory.Combine("m.eml");
        await File.WriteAllBytesAsync(file, TestMessages.Create("from another process"));

        // Another OpenMSS process, through the same entry point users have.
        var other = await Cli.RunProcessAsync("--store", _database.ConnectionString, "message", "append", Address, file);
        other.ExitCode.ShouldBe(0, other.Error);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var modSeq = await watch.WaitAsync(timeout.Token);
        var changes = await store.Mailboxes.GetChangesAsync(inbox.Id, 0, default);
        changes.HighestModSeq.ShouldBe(modSeq);
        var uid = changes.Changed.ShouldHaveSingleItem().Uid;
        other.Out.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"UID {uid},"));
    }
}
