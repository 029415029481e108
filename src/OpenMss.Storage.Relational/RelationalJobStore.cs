using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

internal sealed class RelationalJobStore(SqlDialect dialect) : IJobStore
{
    public async Task<bool> TryLeaseAsync(string job, string node, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await Sql.ExecuteAsync(transaction, "INSERT INTO jobs (name) VALUES (@j) ON CONFLICT (name) DO NOTHING", cancellationToken, ("@j", job));

        // One conditional UPDATE: on PostgreSQL the row lock makes two nodes' attempts take turns, and the second
        // then sees the first's unexpired lease and changes nothing.
        var taken = await Sql.ExecuteAsync(
            transaction,
            "UPDATE jobs SET holder = @n, lease_until = @u WHERE name = @j AND (holder IS NULL OR holder = @n OR lease_until IS NULL OR lease_until <= @now)",
            cancellationToken,
            ("@j", job),
            ("@n", node),
            ("@u", dialect.TimeValue(until)),
            ("@now", dialect.TimeValue(now)));
        await transaction.CommitAsync(cancellationToken);
        return taken > 0;
    }

    public async Task CompleteAsync(string job, string node, string period, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var changed = await Sql.ExecuteAsync(
            transaction,
            "UPDATE jobs SET holder = NULL, lease_until = NULL, last_period = @p, last_completed = @at WHERE name = @j AND holder = @n",
            cancellationToken,
            ("@j", job),
            ("@n", node),
            ("@p", period),
            ("@at", dialect.TimeValue(at)));
        if (changed == 0)
        {
            throw new StoreException(StoreError.Conflict, $"The node {node} no longer holds the job {job}.");
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task ReleaseAsync(string job, string node, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await Sql.ExecuteAsync(transaction, "UPDATE jobs SET holder = NULL, lease_until = NULL WHERE name = @j AND holder = @n", cancellationToken, ("@j", job), ("@n", node));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<JobState?> FindAsync(string job, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var rows = await Sql.ListAsync(
            connection,
            null,
            "SELECT name, holder, lease_until, last_period, last_completed FROM jobs WHERE name = @j",
            r => new JobState(
                r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : dialect.ReadTime(r, 2),
                r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : dialect.ReadTime(r, 4)),
            cancellationToken,
            ("@j", job));
        return rows.SingleOrDefault();
    }
}
