using System.Buffers;
using System.Data.Common;
using System.Security.Cryptography;
using OpenMss.Storage.Relational;

namespace OpenMss.Storage.Sqlite;

/// <summary>
/// Message bytes in segment files under <c>blobs/segments</c> (see <see cref="BlobSegments"/>), located by their
/// blob row (segment, position, size). Staging appends without fsync; the group committer flushes each segment a
/// batch touched once, before the transaction that records the blobs, so a committed row always finds its bytes.
/// Blobs stored one file each under <c>blobs/xx/</c> by earlier versions are still read, checked and purged.
/// </summary>
internal sealed class SegmentBlobStore : RelationalBlobStore
{
    private readonly SqliteDialect _dialect;
    private readonly string _root;
    private readonly string _trash;
    private readonly BlobSegments _segments;

    public SegmentBlobStore(string dataDirectory, SqliteDialect dialect)
    {
        _dialect = dialect;
        _root = Path.Combine(dataDirectory, "blobs");
        _trash = Path.Combine(_root, "trash");
        Directory.CreateDirectory(_trash);
        _segments = new BlobSegments(Path.Combine(_root, "segments"));
    }

    public override async Task<StagedBlob> StageAsync(Stream content, long maxSize, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            // Read whole while small: the shared segment's lock is then held only for one write to the page cache.
            var length = 0;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                CheckSize(length, maxSize);
                if (length == buffer.Length)
                {
                    if (length >= BlobSegments.SharedLimit)
                    {
                        return await StageLargeAsync(content, buffer.AsMemory(0, length), hash, maxSize, cancellationToken);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            hash.AppendData(buffer, 0, length);
            var views = BuildViews(buffer.AsMemory(0, length)); // before the append: the builder's time is not spent under the segment's lock
            var write = _segments.AppendShared(buffer.AsSpan(0, length));
            return new StagedBlob(Convert.ToHexStringLower(hash.GetHashAndReset()), length, write, views);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A blob past <see cref="BlobSegments.SharedLimit"/> streams into a segment its writer has to itself.</summary>
    private async Task<StagedBlob> StageLargeAsync(Stream content, ReadOnlyMemory<byte> head, IncrementalHash hash, long maxSize, CancellationToken cancellationToken)
    {
        var segment = _segments.Rent();
        var start = segment.Length;
        try
        {
            hash.AppendData(head.Span);
            await segment.AppendAsync(head, cancellationToken);
            var restSize = await CopyRestAsync(content, segment, hash, maxSize - head.Length, cancellationToken);
            segment.Written();
            return new StagedBlob(Convert.ToHexStringLower(hash.GetHashAndReset()), head.Length + restSize, new SegmentWrite(segment, start));
        }
        catch
        {
            segment.Length = start; // still ours: the next blob overwrites what this one left
            throw;
        }
        finally
        {
            _segments.Return(segment);
        }
    }

    private static async Task<long> CopyRestAsync(Stream content, BlobSegment segment, IncrementalHash hash, long maxSize, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            long size = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                size += read;
                CheckSize(size, maxSize);
                hash.AppendData(buffer, 0, read);
                await segment.AppendAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            return size;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void CheckSize(long size, long maxSize)
    {
        if (size > maxSize)
        {
            throw new StoreException(StoreError.TooLarge, $"The message is larger than the {maxSize} bytes allowed.");
        }
    }

    public override Task MakeDurableAsync(IEnumerable<StagedBlob> blobs, CancellationToken cancellationToken)
    {
        foreach (var segment in blobs.Select(b => ((SegmentWrite)b.State).Segment).Distinct())
        {
            segment.Flush();
        }

        return Task.CompletedTask;
    }

    // Uncommitted bytes stay in their segment, unreferenced, until the segment goes.
    public override void Release(StagedBlob blob) => ((SegmentWrite)blob.State).Segment.Done();

    // The upsert keeps the first copy's location: identical bytes are stored once.
    public override void Save(SqlBatch batch, StagedBlob blob, DateTimeOffset now)
    {
        var write = (SegmentWrite)blob.State;
        batch.Add(
            "INSERT INTO blobs (id, size, created, segment, position, views) VALUES (@i, @s, @c, @g, @p, @v) ON CONFLICT (id) DO UPDATE SET created = excluded.created, views = COALESCE(blobs.views, excluded.views)",
            ("@i", blob.Id),
            ("@s", blob.Size),
            ("@c", now.ToUnixTimeMilliseconds()),
            ("@g", write.Segment.Number),
            ("@p", write.Position),
            ("@v", blob.Views));
    }

    public override async Task<Stream> OpenAsync(string blobId, CancellationToken cancellationToken)
    {
        var location = await LocateAsync(blobId, cancellationToken);
        try
        {
            return location.Segment is { } segment
                ? new FileSliceStream(File.OpenHandle(_segments.PathOf(segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous), location.Position, location.Size)
                : new FileStream(LegacyPath(blobId), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException e)
        {
            throw new StoreException(StoreError.NotFound, $"The bytes of blob {blobId} are missing.", e);
        }
    }

    public override async Task<Stream> OpenAsync(string blobId, long offset, long length, CancellationToken cancellationToken)
    {
        var location = await LocateAsync(blobId, cancellationToken);
        var start = Math.Clamp(offset, 0, location.Size);
        var count = Math.Clamp(length, 0, location.Size - start);
        try
        {
            return location.Segment is { } segment
                ? new FileSliceStream(File.OpenHandle(_segments.PathOf(segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous), location.Position + start, count)
                : new FileSliceStream(File.OpenHandle(LegacyPath(blobId), FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous), start, count);
        }
        catch (FileNotFoundException e)
        {
            throw new StoreException(StoreError.NotFound, $"The bytes of blob {blobId} are missing.", e);
        }
    }

    private async Task<BlobLocation> LocateAsync(string blobId, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        var rows = await Sql.ListAsync(connection, null, "SELECT segment, position, size FROM blobs WHERE id = @i", BlobLocation.Read, cancellationToken, ("@i", blobId));
        return rows.SingleOrDefault() ?? throw new StoreException(StoreError.NotFound, $"There is no blob {blobId}.");
    }

    public override async Task<(Action AfterCommit, Action AfterRollback, int Count)> PurgeAsync(DbTransaction transaction, DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var purged = await Sql.ListAsync(
            transaction.Connection!,
            transaction,
            "DELETE FROM blobs WHERE created < @t AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.blob_id = blobs.id) AND NOT EXISTS (SELECT 1 FROM outbound_queue q WHERE q.blob_id = blobs.id) RETURNING id, segment",
            r => (Id: r.GetString(0), Segment: r.IsDBNull(1) ? (long?)null : r.GetInt64(1)),
            cancellationToken,
            ("@t", olderThan.ToUnixTimeMilliseconds()));

        // A segment goes once no blob row refers to it and it is not in use (see BlobSegment). Files are set aside
        // under the write lock, which every commit takes; deleted once the rows are gone for good, put back if not.
        var referenced = (await Sql.ListAsync(transaction.Connection!, transaction, "SELECT DISTINCT segment FROM blobs WHERE segment IS NOT NULL", r => r.GetInt64(0), cancellationToken)).ToHashSet();
        var files = purged.Where(p => p.Segment is null).Select(p => LegacyPath(p.Id)).ToList();
        files.AddRange(_segments.Existing().Where(n => !referenced.Contains(n) && !_segments.InUse(n)).Select(_segments.PathOf));

        var moved = new List<(string From, string To)>();
        foreach (var file in files.Where(File.Exists))
        {
            var aside = Path.Combine(_trash, Path.GetFileName(file));
            File.Move(file, aside, overwrite: true);
            moved.Add((file, aside));
        }

        return (
            () => moved.ForEach(m => File.Delete(m.To)),
            () => moved.ForEach(m => File.Move(m.To, m.From, overwrite: true)),
            purged.Count);
    }

    public override async Task CheckAsync(DbTransaction transaction, StoreCheckFindings findings, CancellationToken cancellationToken)
    {
        var rows = await Sql.ListAsync(
            transaction.Connection!, transaction, "SELECT id, segment, position, size FROM blobs", r => (Id: r.GetString(0), Location: BlobLocation.Read(r, 1)), cancellationToken);
        foreach (var (id, location) in rows)
        {
            if (!IsBlobId(id))
            {
                findings.Problem($"The blob row '{id}' is not named by a SHA-256.");
                continue;
            }

            var path = location.Segment is { } segment ? _segments.PathOf(segment) : LegacyPath(id);
            var file = new FileInfo(path);
            var end = location.Segment is null ? location.Size : location.Position + location.Size;
            if (!file.Exists)
            {
                findings.Problem($"Blob {id} has a row but its file {Path.GetFileName(path)} is missing.");
            }
            else if (location.Segment is null ? file.Length != end : file.Length < end)
            {
                findings.Problem($"Blob {id} records {location.Size} bytes ending at {end} but its file has {file.Length}.");
            }
            else
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                await using var bytes = new FileSliceStream(handle, location.Position, location.Size);
                if (Convert.ToHexStringLower(await SHA256.HashDataAsync(bytes, cancellationToken)) != id)
                {
                    findings.Problem($"Blob {id} does not hash to its name (its bytes are damaged).");
                }
            }
        }

        // Files without rows are what an interrupted append leaves: harmless.
        var referenced = rows.Select(r => r.Location.Segment).OfType<long>().ToHashSet();
        var stray = _segments.Existing().Count(n => !referenced.Contains(n) && !_segments.InUse(n));
        var leftovers = Directory.EnumerateFiles(_trash).Count();
        if (stray > 0)
        {
            findings.Note($"{stray} segment files under blobs/segments hold no blob (appends interrupted before their commit); they are harmless.");
        }

        if (leftovers > 0)
        {
            findings.Note($"{leftovers} files wait in blobs/trash (interrupted purges); they are harmless.");
        }
    }

    private static bool IsBlobId(string blobId) => blobId.Length == 64 && blobId.All(char.IsAsciiHexDigitLower);

    /// <summary>Where earlier versions kept a blob: one file under <c>blobs/xx/</c>.</summary>
    private string LegacyPath(string blobId)
    {
        if (!IsBlobId(blobId))
        {
            throw new StoreException(StoreError.Invalid, $"'{blobId}' is not a blob id.");
        }

        return Path.Combine(_root, blobId[..2], blobId);
    }

    private sealed record BlobLocation(long? Segment, long Position, long Size)
    {
        public static BlobLocation Read(DbDataReader r) => Read(r, 0);

        public static BlobLocation Read(DbDataReader r, int first) =>
            new(r.IsDBNull(first) ? null : r.GetInt64(first), r.IsDBNull(first + 1) ? 0 : r.GetInt64(first + 1), r.GetInt64(first + 2));
    }
}
