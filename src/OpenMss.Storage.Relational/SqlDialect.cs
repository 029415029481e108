using System.Data;
using System.Data.Common;
using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

/// <summary>
/// What differs between the relational backends: connections, transactions, time columns, locking, errors and
/// how change notices leave a transaction. The SQL itself is shared and written for both.
/// </summary>
public abstract class SqlDialect
{
    protected SqlDialect(ChangeBroadcaster broadcaster)
    {
        Broadcaster = broadcaster;
    }

    public ChangeBroadcaster Broadcaster { get; }

    /// <summary>The SQL expression for the larger of two values (MAX in SQLite, GREATEST in PostgreSQL).</summary>
    public abstract string Greatest(string left, string right);

    /// <summary>Appended to a SELECT that must lock the rows it reads until commit ("" where writes are serialised).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Appended to a claiming sub-SELECT so concurrent claimers take different rows ("" where writes are serialised).</summary>
    public virtual string SkipLocked => ForUpdate.Length == 0 ? "" : ForUpdate + " SKIP LOCKED";

    public abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>A transaction that will write: in SQLite it takes the write lock at once, avoiding upgrade deadlocks.</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A transaction whose statements all read one snapshot.</summary>
    public virtual async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    public abstract object TimeValue(DateTimeOffset value);

    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Serialises schema migrations across processes (PostgreSQL); SQLite's write lock already does.</summary>
    public virtual Task LockMigrationsAsync(DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Commits a writing transaction and announces its folder changes: notices are queued inside the transaction
    /// (so a cross-process notice leaves only if it commits) and published in-process once it has committed.
    /// The one way writes that change folders commit.
    /// </summary>
    public async Task CommitAsync(DbTransaction transaction, IReadOnlyCollection<FolderChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            await NotifyInTransactionAsync(transaction, change, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var change in changes)
        {
            AfterCommit(change);
        }
    }

    /// <summary>Inside the writing transaction: PostgreSQL queues a pg_notify here.</summary>
    protected virtual Task NotifyInTransactionAsync(DbTransaction transaction, FolderChange change, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Once committed: in-process backends publish here.</summary>
    protected virtual void AfterCommit(FolderChange change) => Broadcaster.Publish(change);
}
