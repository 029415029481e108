using System.Data.Common;
using OpenMss.Storage.Relational;

namespace OpenMss.Storage.Postgres;

/// <summary>
/// Message bytes in the blobs table, written in the same transaction as the message row, so any node can serve
/// any BAL. Sizes are bounded by the message size limit, so a blob is held in memory while it is staged or read.
/// </summary>
internal sealed class DatabaseBlobStore(PostgresDialect dialect) : RelationalBlobStore
{
    public override async Task<StagedBlob> StageAsync(Stream content, long maxSize, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var (id, size) = await BlobCopy.CopyAsync(content, buffer, maxSize, cancellationToken);
        var bytes = buffer.ToArray();
        return new StagedBlob(id, size, bytes, BuildViews(bytes));
    }

    // The upsert refreshes "created" under the row lock, so a concurrent purge (which only takes old blobs)
    // re-reads the row after the lock and leaves it alone.
    public override void Save(SqlBatch batch, StagedBlob blob, DateTimeOffset now) =>
        batch.Add(
            "INSERT INTO blobs (id, size, created, content, views) VALUES (@i, @s, @c, @b, @v) ON CONFLICT (id) DO UPDATE SET created = excluded.created, views = COALESCE(blobs.views, excluded.views)",
            ("@i", blob.Id),
            ("@s", blob.Size),
            ("@c", now.ToUniversalTime()),
            ("@b", (byte[])blob.State),
            ("@v", blob.Views));

    // The bytes travel in the transaction itself.
    public override Task MakeDurableAsync(IEnumerable<StagedBlob> blobs, CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Release(StagedBlob blob)
    {
    }

    public override async Task<Stream> OpenAsync(string blobId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var rows = await Sql.ListAsync(connection, null, "SELECT content FROM blobs WHERE id = @i", r => r.GetFieldValue<byte[]>(0), cancellationToken, ("@i", blobId));
        return rows.Count == 1
            ? new MemoryStream(rows[0], writable: false)
            : throw new StoreException(StoreError.NotFound, $"There is no blob {blobId}.");
    }

    // substring() is 1-based; only the range crosses the wire.
    public override async Task<Stream> OpenAsync(string blobId, long offset, long length, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var rows = await Sql.ListAsync(
            connection,
            null,
            "SELECT substring(content FROM @o FOR @l) FROM blobs WHERE id = @i",
            r => r.GetFieldValue<byte[]>(0),
            cancellationToken,
            ("@i", blobId),
            ("@o", checked((int)offset + 1)),
            ("@l", checked((int)length)));
        return rows.Count == 1
            ? new MemoryStream(rows[0], writable: false)
            : throw new StoreException(StoreError.NotFound, $"There is no blob {blobId}.");
    }

    public override async Task<(Action AfterCommit, Action AfterRollback, int Count)> PurgeAsync(DbTransaction transaction, DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var count = await Sql.ExecuteAsync(
            transaction,
            "DELETE FROM blobs WHERE created < @t AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.blob_id = blobs.id) AND NOT EXISTS (SELECT 1 FROM outbound_queue q WHERE q.blob_id = blobs.id)",
            cancellationToken,
            ("@t", olderThan.ToUniversalTime()));
        return (() => { }, () => { }, count);
    }

    /// <summary>Lengths and hashes are computed by PostgreSQL, so no content crosses the wire.</summary>
    public override async Task CheckAsync(DbTransaction transaction, StoreCheckFindings findings, CancellationToken cancellationToken)
    {
        var damaged = await Sql.ListAsync(
            transaction.Connection!,
            transaction,
            "SELECT id, size, octet_length(content), encode(sha256(content), 'hex') FROM blobs WHERE content IS NULL OR octet_length(content) <> size OR encode(sha256(content), 'hex') <> id",
            r => (Id: r.GetString(0), Size: r.GetInt64(1), Length: r.IsDBNull(2) ? (long?)null : r.GetInt32(2), Hash: r.IsDBNull(3) ? null : r.GetString(3)),
            cancellationToken);
        foreach (var blob in damaged)
        {
            findings.Problem(blob.Length is not { } length ? $"Blob {blob.Id} has a row but no bytes."
                : length != blob.Size ? $"Blob {blob.Id} records {blob.Size} bytes but holds {length}."
                : $"Blob {blob.Id} does not hash to its name (its bytes are damaged).");
        }
    }
}
