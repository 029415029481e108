using System.Data.Common;

namespace OpenMss.Storage.Relational;

/// <summary>
/// Content-addressed, immutable message bytes. Staging happens before the transaction (the slow part: reading,
/// hashing, writing), flushing once per group commit, saving inside the transaction, so a message row never exists without its bytes.
/// </summary>
public abstract class RelationalBlobStore
{
    /// <summary>Builds the views saved with a blob when its bytes pass through memory at staging (set by the host).</summary>
    public BlobViewBuilder? ViewBuilder { get; set; }

    /// <summary>The views of bytes being staged, or null without a builder.</summary>
    protected byte[]? BuildViews(ReadOnlyMemory<byte> content) => ViewBuilder?.Invoke(content);

    /// <summary>Reads the content (at most <paramref name="maxSize"/> bytes) and makes it durable or ready to save.</summary>
    public abstract Task<StagedBlob> StageAsync(Stream content, long maxSize, CancellationToken cancellationToken);

    /// <summary>Before the transaction that saves them: makes staged bytes durable, once for all of a group commit.</summary>
    public abstract Task MakeDurableAsync(IEnumerable<StagedBlob> blobs, CancellationToken cancellationToken);

    /// <summary>Inside the writing transaction: records the blob (its row, and its bytes where they live in the database), first in the write's batch.</summary>
    public abstract void Save(SqlBatch batch, StagedBlob blob, DateTimeOffset now);

    /// <summary>Once the transaction that records the blob committed or was given up (called exactly once per staged blob).</summary>
    public abstract void Release(StagedBlob blob);

    public abstract Task<Stream> OpenAsync(string blobId, CancellationToken cancellationToken);

    /// <summary>Opens at most <paramref name="length"/> bytes of a blob from <paramref name="offset"/>.</summary>
    public abstract Task<Stream> OpenAsync(string blobId, long offset, long length, CancellationToken cancellationToken);

    /// <summary>Inside a writing transaction: removes the unreferenced blobs older than <paramref name="olderThan"/>.</summary>
    /// <returns>An action to run once the transaction committed, and how many blobs went.</returns>
    public abstract Task<(Action AfterCommit, Action AfterRollback, int Count)> PurgeAsync(
        DbTransaction transaction, DateTimeOffset olderThan, CancellationToken cancellationToken);

    /// <summary>Inside a read transaction: checks every blob row's bytes (present, of its size, hashing to its id) and notes leftovers.</summary>
    public abstract Task CheckAsync(DbTransaction transaction, StoreCheckFindings findings, CancellationToken cancellationToken);
}
