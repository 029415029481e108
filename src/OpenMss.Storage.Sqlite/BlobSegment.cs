using Microsoft.Win32.SafeHandles;

namespace OpenMss.Storage.Sqlite;

/// <summary>
/// One segment file open for appending by one writer at a time (see <see cref="BlobSegments"/>); flushing may
/// happen at any time, from the group committer. It stays in use, and so safe from the purge, while it takes new
/// blobs or a blob written to it waits for its transaction; then its handle closes.
/// </summary>
internal sealed class BlobSegment(long number, SafeFileHandle handle, Action<BlobSegment> closed)
{
    /// <summary>Space is reserved ahead of the writes in steps of this size, so appends rarely allocate blocks.</summary>
    private const long ReserveStep = 4 * 1024 * 1024;

    private readonly Lock _lock = new();
    private long _reserved;
    private int _pending;
    private bool _retired;
    private bool _closed;

    public long Number { get; } = number;

    /// <summary>Where the next blob starts; only its current writer moves it.</summary>
    public long Length { get; set; }

    /// <summary>Writes at <see cref="Length"/> and moves it on (only its current writer calls this).</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        RandomAccess.Write(handle, bytes, Length);
        Length += bytes.Length;
    }

    /// <inheritdoc cref="Append"/>
    public async ValueTask AppendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        Reserve(bytes.Length);
        await RandomAccess.WriteAsync(handle, bytes, Length, cancellationToken);
        Length += bytes.Length;
    }

    /// <summary>A whole blob was written here; it waits for the transaction that records it.</summary>
    public void Written()
    {
        lock (_lock)
        {
            _pending++;
        }
    }

    /// <summary>fsync: every blob written so far is durable.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (!_closed)
            {
                RandomAccess.FlushToDisk(handle);
            }
        }
    }

    /// <summary>The transaction that records one of its blobs committed or was given up.</summary>
    public void Done()
    {
        lock (_lock)
        {
            _pending--;
            CloseIfDone();
        }
    }

    /// <summary>Full: no more writers; the handle closes once no blob of it waits.</summary>
    public void Retire()
    {
        lock (_lock)
        {
            _retired = true;
            CloseIfDone();
        }
    }

    private void Reserve(int count)
    {
        if (Length + count > _reserved)
        {
            _reserved = Math.Max(_reserved, Length) + Math.Max(ReserveStep, count);
            FileSpace.Reserve(handle, 0, _reserved);
        }
    }

    private void CloseIfDone()
    {
        if (_retired && _pending <= 0 && !_closed)
        {
            _closed = true;
            handle.Dispose();
            closed(this);
        }
    }
}
