using System.Data.Common;
using System.Threading.Channels;
using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

/// <summary>
/// Group commit: writes that arrive while a commit is in progress wait for the next one and share it, so one blob
/// flush and one transaction (one WAL fsync) cover many messages. Each caller still returns only once the commit
/// that covers its write is durable. When one write of a batch fails, the batch is rolled back and each of its
/// writes is tried again on its own, so a failure reaches only its own caller.
/// </summary>
public sealed class GroupCommitter : IAsyncDisposable
{
    /// <summary>The most writes one transaction takes; a fuller queue waits for the next commit.</summary>
    public const int MaxBatch = 64;

    private readonly SqlDialect _dialect;
    private readonly RelationalBlobStore _blobs;
    private readonly bool _keepStatements;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private DbConnection? _connection;
    private StatementCache? _statements;

    /// <param name="keepStatements">Keep the committer's statements prepared on its own long-lived connection (SQLite).</param>
    public GroupCommitter(SqlDialect dialect, RelationalBlobStore blobs, bool keepStatements)
    {
        _dialect = dialect;
        _blobs = blobs;
        _keepStatements = keepStatements;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Queues a write and returns its result once committed. <paramref name="blobs"/> are made durable before the
    /// transaction that references them. Once queued, a write is not cancelled: it commits or fails as a whole.
    /// </summary>
    public Task<T> CommitAsync<T>(IReadOnlyList<StagedBlob> blobs, Func<DbTransaction, CancellationToken, Task<(T Result, IReadOnlyCollection<FolderChange> Changes)>> write)
    {
        var pending = new Pending<T>(blobs, write);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new StoreException(StoreError.Unavailable, "The store is closing.");
        }

        return pending.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        await CloseConnectionAsync();
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await CommitBatchAsync(batch);
            }
            catch (Exception e)
            {
                batch.ForEach(p => p.Fail(e)); // the loop must live on: a dead committer would hold every write
            }
        }
    }

    private async Task CommitBatchAsync(List<Pending> batch)
    {
        try
        {
            await _blobs.MakeDurableAsync(batch.SelectMany(p => p.Blobs), CancellationToken.None);
        }
        catch (Exception e)
        {
            batch.ForEach(p => p.Fail(e));
            return;
        }

        StoreTelemetry.RecordBatch(batch.Count);
        if (batch.Count > 1 && await TryCommitAsync(batch))
        {
            return;
        }

        foreach (var pending in batch)
        {
            await TryCommitAsync([pending]);
        }
    }

    /// <returns>Whether the writes committed; a lone write that fails is failed, a batch is left to retry.</returns>
    private async Task<bool> TryCommitAsync(List<Pending> writes)
    {
        try
        {
            var connection = await ConnectionAsync();
            var changes = new List<FolderChange>();
            await using (var transaction = await _dialect.BeginWriteAsync(connection, CancellationToken.None))
            {
                foreach (var pending in writes)
                {
                    changes.AddRange(await pending.WriteAsync(transaction, CancellationToken.None));
                }

                await _dialect.CommitAsync(transaction, changes, CancellationToken.None);
            }

            writes.ForEach(p => p.Complete());
            return true;
        }
        catch (Exception e)
        {
            if (e is not StoreException)
            {
                await CloseConnectionAsync(); // a broken connection must not serve the next batch
            }

            if (writes.Count == 1)
            {
                writes[0].Fail(e);
            }

            return false;
        }
    }

    private async Task<DbConnection> ConnectionAsync()
    {
        if (_connection is null)
        {
            _connection = await _dialect.OpenConnectionAsync(CancellationToken.None);
            _statements = _keepStatements ? StatementCache.AttachTo(_connection) : null;
        }

        return _connection;
    }

    private async Task CloseConnectionAsync()
    {
        _statements?.Dispose();
        _statements = null;
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    private abstract class Pending(IReadOnlyList<StagedBlob> blobs)
    {
        public IReadOnlyList<StagedBlob> Blobs { get; } = blobs;

        public abstract Task<IReadOnlyCollection<FolderChange>> WriteAsync(DbTransaction transaction, CancellationToken cancellationToken);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class Pending<T>(IReadOnlyList<StagedBlob> blobs, Func<DbTransaction, CancellationToken, Task<(T Result, IReadOnlyCollection<FolderChange> Changes)>> write)
        : Pending(blobs)
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _done.Task;

        public override async Task<IReadOnlyCollection<FolderChange>> WriteAsync(DbTransaction transaction, CancellationToken cancellationToken)
        {
            var (result, changes) = await write(transaction, cancellationToken);
            _result = result;
            return changes;
        }

        public override void Complete() => _done.TrySetResult(_result!);

        public override void Fail(Exception exception) => _done.TrySetException(exception);
    }
}
