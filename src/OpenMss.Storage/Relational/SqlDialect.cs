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

    /// <summary>Called inside the writing transaction, so that a cross-process notice leaves only if it commits.</summary>
    public virtual Task NotifyInTransactionAsync(DbTransaction transaction, FolderChange change, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Called once the writing transaction committed; in-process backends publish here.</summary>
    public virtual void AfterCommit(FolderChange change) => Broadcaster.Publish(change);
}
