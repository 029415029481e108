using System.Data.Common;
using System.Security.Cryptography;
using OpenMss.Storage.Relational;

namespace OpenMss.Storage.Sqlite;

/// <summary>
/// Message bytes as files named by their SHA-256 under <c>blobs/</c>. A blob is written to a temporary file and
/// fsynced before the transaction; inside the transaction (under SQLite's write lock) it is renamed into place and
/// its directory fsynced, so the commit that references it always finds it, and a purge, which takes the same
/// lock, can never remove a file an append is about to reference.
/// </summary>
internal sealed class FileBlobStore : RelationalBlobStore
{
    private readonly string _root;
    private readonly string _staging;
    private readonly string _trash;

    public FileBlobStore(string dataDirectory)
    {
        _root = Path.Combine(dataDirectory, "blobs");
        _staging = Path.Combine(_root, "staging");
        _trash = Path.Combine(_root, "trash");
        Directory.CreateDirectory(_staging);
        Directory.CreateDirectory(_trash);
    }

    public override async Task<StagedBlob> StageAsync(Stream content, long maxSize, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(_staging, Guid.NewGuid().ToString("N"));
        try
        {
            await using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            var (id, size) = await BlobCopy.CopyAsync(content, file, maxSize, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
            return new StagedBlob(id, size, temporary);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public override async Task SaveAsync(DbTransaction transaction, StagedBlob blob, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await Sql.ExecuteAsync(
            transaction,
            "INSERT INTO blobs (id, size, created) VALUES (@i, @s, @c) ON CONFLICT (id) DO UPDATE SET created = excluded.created",
            cancellationToken,
            ("@i", blob.Id),
            ("@s", blob.Size),
            ("@c", now.ToUnixTimeMilliseconds()));
        var final = PathOf(blob.Id);
        if (File.Exists(final))
        {
            File.Delete((string)blob.State); // the same bytes are stored already
            return;
        }

        var directory = Path.GetDirectoryName(final)!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            DirectorySync.Flush(_root);
        }

        File.Move((string)blob.State, final);
        DirectorySync.Flush(directory);
    }

    public override void Discard(StagedBlob blob) => File.Delete((string)blob.State);

    public override Task<Stream> OpenAsync(string blobId, CancellationToken cancellationToken)
    {
        var path = PathOf(blobId);
        if (!File.Exists(path))
        {
            throw new StoreException(StoreError.NotFound, $"There is no blob {blobId}.");
        }

        return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous));
    }

    public override async Task<(Action AfterCommit, Action AfterRollback, int Count)> PurgeAsync(DbTransaction transaction, DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var ids = await Sql.ListAsync(
            transaction.Connection!,
            transaction,
            "DELETE FROM blobs WHERE created < @t AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.blob_id = blobs.id) AND NOT EXISTS (SELECT 1 FROM outbound_queue q WHERE q.blob_id = blobs.id) RETURNING id",
            r => r.GetString(0),
            cancellationToken,
            ("@t", olderThan.ToUnixTimeMilliseconds()));

        // Set aside under the write lock; deleted once the rows are gone for good, put back if they are not.
        var moved = new List<(string From, string To)>();
        foreach (var id in ids.Where(id => File.Exists(PathOf(id))))
        {
            var aside = Path.Combine(_trash, id);
            File.Move(PathOf(id), aside, overwrite: true);
            moved.Add((PathOf(id), aside));
        }

        return (
            () => moved.ForEach(m => File.Delete(m.To)),
            () => moved.ForEach(m => File.Move(m.To, m.From, overwrite: true)),
            ids.Count);
    }

    public override async Task CheckAsync(DbTransaction transaction, StoreCheckFindings findings, CancellationToken cancellationToken)
    {
        var rows = await Sql.ListAsync(transaction.Connection!, transaction, "SELECT id, size FROM blobs", r => (Id: r.GetString(0), Size: r.GetInt64(1)), cancellationToken);
        foreach (var (id, size) in rows)
        {
            if (!IsBlobId(id))
            {
                findings.Problem($"The blob row '{id}' is not named by a SHA-256.");
                continue;
            }

            var file = new FileInfo(PathOf(id));
            if (!file.Exists)
            {
                findings.Problem($"Blob {id} has a row but no file.");
            }
            else if (file.Length != size)
            {
                findings.Problem($"Blob {id} records {size} bytes but its file has {file.Length}.");
            }
            else
            {
                await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
                if (Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken)) != id)
                {
                    findings.Problem($"Blob {id} does not hash to its name (its file is damaged).");
                }
            }
        }

        // Files without rows are what an append interrupted between its rename and its commit leaves: harmless.
        var known = rows.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var stray = Directory.EnumerateDirectories(_root)
            .Where(d => d != _staging && d != _trash)
            .SelectMany(Directory.EnumerateFiles)
            .Count(f => !known.Contains(Path.GetFileName(f)));
        var leftovers = Directory.EnumerateFiles(_staging).Count() + Directory.EnumerateFiles(_trash).Count();
        if (stray > 0)
        {
            findings.Note($"{stray} files under blobs/ have no row (appends interrupted before their commit); they are harmless.");
        }

        if (leftovers > 0)
        {
            findings.Note($"{leftovers} files wait in blobs/staging or blobs/trash (interrupted appends or purges); they are harmless.");
        }
    }

    private static bool IsBlobId(string blobId) => blobId.Length == 64 && blobId.All(char.IsAsciiHexDigitLower);

    private string PathOf(string blobId)
    {
        if (!IsBlobId(blobId))
        {
            throw new StoreException(StoreError.Invalid, $"'{blobId}' is not a blob id.");
        }

        return Path.Combine(_root, blobId[..2], blobId);
    }
}
