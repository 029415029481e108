using Microsoft.Data.Sqlite;
using OpenMss.Storage.Model;
using OpenMss.Storage.Sqlite;
using OpenMss.TestSupport;

namespace OpenMss.Storage.Tests;

/// <summary>The contract on the embedded store, plus what only a data directory can get wrong.</summary>
public sealed class SqliteMailStoreTests : MailStoreContract
{
    private readonly TempDirectory _directory = new();

    private string DataDirectory => _directory.Combine("data");

    protected override async Task<IMailStore> OpenStoreAsync() => await SqliteMailStore.OpenAsync(DataDirectory, default);

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, SqliteMailStore.DatabaseFileName)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task DamageBlobAsync(string blobId)
    {
        var path = Path.Combine(DataDirectory, "blobs", blobId[..2], blobId);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[0] ^= 1;
        await File.WriteAllBytesAsync(path, bytes);
    }

    protected override Task CleanUpAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Blobs_are_files_named_by_their_hash_and_nothing_stays_in_staging()
    {
        var inbox = await InboxAsync(await AddBalAsync());

        var result = await AppendAsync(inbox, "on disk");
        await Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(TestMessages.Fixed("twice")), FlagSet.Empty, DateTimeOffset.UtcNow, MaxSize, default);
        await Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(TestMessages.Fixed("twice")), FlagSet.Empty, DateTimeOffset.UtcNow, MaxSize, default);

        File.Exists(Path.Combine(DataDirectory, "blobs", result.BlobId[..2], result.BlobId)).ShouldBeTrue();
        Directory.GetFiles(Path.Combine(DataDirectory, "blobs", "staging")).ShouldBeEmpty();
        Directory.GetFiles(Path.Combine(DataDirectory, "blobs"), "*", SearchOption.AllDirectories).Length.ShouldBe(2);
    }

    [Fact]
    public async Task A_refused_append_leaves_no_staged_file()
    {
        var inbox = await InboxAsync(await AddBalAsync());

        await Refused(() => Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(new byte[4096]), FlagSet.Empty, DateTimeOffset.UtcNow, 100, default), StoreError.TooLarge);
        await Refused(() => Store.Mailboxes.AppendAsync(inbox.Id + 1000, new MemoryStream(new byte[10]), FlagSet.Empty, DateTimeOffset.UtcNow, 100, default), StoreError.NotFound);

        Directory.GetFiles(Path.Combine(DataDirectory, "blobs", "staging")).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, SqliteMailStore.DatabaseFileName)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        (await command.ExecuteScalarAsync()).ShouldBe("wal");
    }

    [Fact]
    public async Task A_damaged_database_file_is_refused_with_a_sentence()
    {
        using var other = new TempDirectory();
        await File.WriteAllTextAsync(other.Combine(SqliteMailStore.DatabaseFileName), "this is not a database, just text that is long enough to fill a header page");

        var error = await Refused(() => SqliteMailStore.OpenAsync(other.Path, default), StoreError.Invalid);

        error.Message.ShouldContain(other.Path);
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_is_refused_with_a_sentence()
    {
        using var other = new TempDirectory();
        await File.WriteAllTextAsync(other.Combine("file"), "a file where a directory should go");

        var error = await Refused(() => SqliteMailStore.OpenAsync(other.Combine("file", "data"), default), StoreError.Unavailable);

        error.Message.ShouldContain("cannot be created or written");
    }
}
