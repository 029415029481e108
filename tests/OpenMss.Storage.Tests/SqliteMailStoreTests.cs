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

    private string SegmentsDirectory => Path.Combine(DataDirectory, "blobs", "segments");

    protected override async Task DamageBlobAsync(string blobId)
    {
        var (segment, position) = await LocateAsync(blobId);
        await using var file = new FileStream(Path.Combine(SegmentsDirectory, $"{segment:D12}.seg"), FileMode.Open, FileAccess.ReadWrite);
        file.Position = position;
        var first = file.ReadByte();
        file.Position = position;
        file.WriteByte((byte)(first ^ 1));
    }

    private async Task<(long Segment, long Position)> LocateAsync(string blobId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, SqliteMailStore.DatabaseFileName)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT segment, position FROM blobs WHERE id = '{blobId}'";
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    protected override Task CleanUpAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Blobs_share_one_segment_file_and_identical_bytes_are_recorded_once()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        var twice = TestMessages.Fixed("twice");

        var first = await AppendAsync(inbox, "on disk");
        var second = await Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(twice), FlagSet.Empty, DateTimeOffset.UtcNow, MaxSize, default);
        var third = await Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(twice), FlagSet.Empty, DateTimeOffset.UtcNow, MaxSize, default);

        Directory.GetFiles(SegmentsDirectory).ShouldHaveSingleItem().ShouldEndWith("000000000001.seg");
        third.BlobId.ShouldBe(second.BlobId);
        (await LocateAsync(third.BlobId)).ShouldBe(await LocateAsync(second.BlobId));
        (await ReadAllAsync(await Store.Mailboxes.OpenBlobAsync(second.BlobId, default))).ShouldBe(twice);
        (await ReadAllAsync(await Store.Mailboxes.OpenBlobAsync(first.BlobId, default))).Length.ShouldBe((int)(await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default))[0].Size);
        Directory.GetFiles(Path.Combine(DataDirectory, "blobs"), "*", SearchOption.AllDirectories).Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_blob_larger_than_the_shared_limit_streams_into_its_own_segment_and_reads_back()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        var small = await AppendAsync(inbox, "small");
        var large = new byte[(3 * 1024 * 1024) + 17];
        new Random(7).NextBytes(large);
        "From: a@b.test\r\n\r\n"u8.CopyTo(large);

        var result = await Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(large), FlagSet.Empty, DateTimeOffset.UtcNow, 8 * 1024 * 1024, default);

        (await ReadAllAsync(await Store.Mailboxes.OpenBlobAsync(result.BlobId, default))).ShouldBe(large);
        (await LocateAsync(result.BlobId)).Segment.ShouldNotBe((await LocateAsync(small.BlobId)).Segment);
        (await Store.CheckAsync(default)).IsSound.ShouldBeTrue();
    }

    [Fact]
    public async Task A_refused_append_leaves_nothing_that_a_later_append_or_the_check_trips_on()
    {
        var inbox = await InboxAsync(await AddBalAsync());

        await Refused(() => Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(new byte[4096]), FlagSet.Empty, DateTimeOffset.UtcNow, 100, default), StoreError.TooLarge);
        await Refused(() => Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(new byte[3 * 1024 * 1024]), FlagSet.Empty, DateTimeOffset.UtcNow, 2 * 1024 * 1024, default), StoreError.TooLarge);
        await Refused(() => Store.Mailboxes.AppendAsync(inbox.Id + 1000, new MemoryStream(new byte[10]), FlagSet.Empty, DateTimeOffset.UtcNow, 100, default), StoreError.NotFound);
        var kept = await AppendAsync(inbox, "kept");

        (await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default)).ShouldHaveSingleItem().BlobId.ShouldBe(kept.BlobId);
        (await ReadAllAsync(await Store.Mailboxes.OpenBlobAsync(kept.BlobId, default))).Length.ShouldBeGreaterThan(0);
        (await Store.CheckAsync(default)).IsSound.ShouldBeTrue();
    }

    [Fact]
    public async Task A_segment_file_goes_once_no_blob_refers_to_it_and_no_writer_uses_it()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        await AppendAsync(inbox, "short-lived", MessageFlags.Deleted);
        await Store.Mailboxes.ExpungeAsync(inbox.Id, null, default);
        (await Store.Mailboxes.PurgeUnreferencedBlobsAsync(DateTimeOffset.UtcNow.AddDays(1), default)).ShouldBe(1);
        Directory.GetFiles(SegmentsDirectory).Length.ShouldBe(1, "the shared segment still takes blobs");

        // A second process (one at a time serves a directory; here, one after the other) never appends to an older segment.
        await using var next = await SqliteMailStore.OpenAsync(DataDirectory, default);
        var kept = await next.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(TestMessages.Fixed("kept")), FlagSet.Empty, DateTimeOffset.UtcNow, MaxSize, default);
        (await LocateAsync(kept.BlobId)).Segment.ShouldBe(2);
        (await next.Mailboxes.PurgeUnreferencedBlobsAsync(DateTimeOffset.UtcNow.AddDays(1), default)).ShouldBe(0);

        Directory.GetFiles(SegmentsDirectory).Select(Path.GetFileName).ShouldBe(["000000000002.seg"]);
        (await ReadAllAsync(await next.Mailboxes.OpenBlobAsync(kept.BlobId, default))).ShouldBe(TestMessages.Fixed("kept"));
        (await next.CheckAsync(default)).IsSound.ShouldBeTrue();
    }

    [Fact]
    public async Task A_blob_stored_as_its_own_file_by_an_earlier_version_is_still_read_checked_and_purged()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        var bytes = TestMessages.Fixed("legacy");
        var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Directory.CreateDirectory(Path.Combine(DataDirectory, "blobs", id[..2]));
        await File.WriteAllBytesAsync(Path.Combine(DataDirectory, "blobs", id[..2], id), bytes);
        await ExecuteSqlAsync($"INSERT INTO blobs (id, size, created) VALUES ('{id}', {bytes.Length}, 0)");

        (await ReadAllAsync(await Store.Mailboxes.OpenBlobAsync(id, default))).ShouldBe(bytes);
        (await Store.CheckAsync(default)).IsSound.ShouldBeTrue();
        (await Store.Mailboxes.PurgeUnreferencedBlobsAsync(DateTimeOffset.UtcNow, default)).ShouldBe(1);
        File.Exists(Path.Combine(DataDirectory, "blobs", id[..2], id)).ShouldBeFalse();
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
