using System.Data.Common;
using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

/// <summary>
/// The outbound queue over SQL. A claim is one UPDATE of the due rows it selects: PostgreSQL skips rows another node
/// is claiming at that moment (FOR UPDATE SKIP LOCKED); SQLite's single writer already serialises claims.
/// </summary>
internal sealed class RelationalOutboundQueue(SqlDialect dialect) : IOutboundQueue
{
    private const string Columns = "id, mail_id, blob_id, sender, recipient, created, attempts, next_attempt, status, domain, notify, orcpt, envid, ret, last_error, delay_reported, trace_parent";

    public async Task<IReadOnlyList<QueuedRecipient>> ClaimAsync(string owner, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var rows = await Sql.ListAsync(
            connection,
            transaction,
            $"UPDATE outbound_queue SET lease_owner = @o, lease_until = @u WHERE id IN ("
            + "SELECT id FROM outbound_queue WHERE status = 'pending' AND next_attempt <= @n AND (lease_until IS NULL OR lease_until < @n) "
            + $"ORDER BY next_attempt, id LIMIT @l {dialect.SkipLocked}) RETURNING {Columns}",
            Read,
            cancellationToken,
            ("@o", owner),
            ("@u", dialect.TimeValue(now + lease)),
            ("@n", dialect.TimeValue(now)),
            ("@l", (long)limit));
        await transaction.CommitAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.NextAttempt).ThenBy(r => r.Id)];
    }

    public async Task<int> RenewAsync(string owner, IReadOnlyList<long> ids, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var renewed = 0;
        foreach (var id in ids)
        {
            renewed += await Sql.ExecuteAsync(
                transaction,
                "UPDATE outbound_queue SET lease_until = @u WHERE id = @i AND lease_owner = @o AND status = 'pending'",
                cancellationToken,
                ("@i", id),
                ("@o", owner),
                ("@u", dialect.TimeValue(until)));
        }

        await transaction.CommitAsync(cancellationToken);
        return renewed;
    }

    public async Task UpdateAsync(IReadOnlyList<QueueUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        foreach (var update in updates)
        {
            var text = update.Outcome switch
            {
                QueueOutcome.Delivered => "UPDATE outbound_queue SET status = 'delivered', attempts = attempts + 1, finished = @t, lease_owner = NULL, lease_until = NULL WHERE id = @i AND status = 'pending'",
                QueueOutcome.Deferred => "UPDATE outbound_queue SET attempts = attempts + 1, next_attempt = @t, last_error = @e, delay_reported = CASE WHEN @d = 1 THEN 1 ELSE delay_reported END, lease_owner = NULL, lease_until = NULL WHERE id = @i AND status = 'pending'",
                _ => "UPDATE outbound_queue SET status = 'failed', attempts = attempts + 1, finished = @t, last_error = @e, lease_owner = NULL, lease_until = NULL WHERE id = @i AND status = 'pending'",
            };
            await Sql.ExecuteAsync(transaction, text, cancellationToken, ("@i", update.Id), ("@t", dialect.TimeValue(update.At)), ("@e", update.Error), ("@d", update.DelayReported ? 1L : 0L));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> PurgeFinishedAsync(DateTimeOffset olderThan, int batch, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var count = await Sql.ExecuteAsync(
            transaction,
            $"DELETE FROM outbound_queue WHERE id IN (SELECT id FROM outbound_queue WHERE finished IS NOT NULL AND finished < @t ORDER BY id LIMIT @l {dialect.SkipLocked})",
            cancellationToken,
            ("@t", dialect.TimeValue(olderThan)),
            ("@l", (long)batch));
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    public async Task<IReadOnlyList<QueuedRecipient>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(connection, null, $"SELECT {Columns} FROM outbound_queue ORDER BY id LIMIT @l", Read, cancellationToken, ("@l", (long)limit));
    }

    public Task RecordSuccessAsync(string domain, DateTimeOffset now, CancellationToken cancellationToken) => UpdateAsync(
        "INSERT INTO domain_status (domain, last_success) VALUES (@d, @n) ON CONFLICT (domain) DO UPDATE SET last_success = excluded.last_success, failing_since = NULL",
        cancellationToken,
        ("@d", domain),
        ("@n", dialect.TimeValue(now)));

    public Task RecordFailureAsync(string domain, DateTimeOffset now, string error, CancellationToken cancellationToken) => UpdateAsync(
        "INSERT INTO domain_status (domain, last_failure, last_error, failing_since) VALUES (@d, @n, @e, @n) ON CONFLICT (domain) DO UPDATE SET "
        + "last_failure = excluded.last_failure, last_error = excluded.last_error, failing_since = COALESCE(domain_status.failing_since, excluded.failing_since)",
        cancellationToken,
        ("@d", domain),
        ("@n", dialect.TimeValue(now)),
        ("@e", error));

    public async Task<QueueBacklog> GetBacklogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var rows = await Sql.ListAsync(
            connection, null, "SELECT COUNT(*), MIN(created) FROM outbound_queue WHERE status = 'pending'", r => new QueueBacklog(r.GetInt64(0), Time(r, 1)), cancellationToken);
        return rows[0];
    }

    public async Task<IReadOnlyList<DomainStatus>> ListDomainsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(
            connection,
            null,
            "SELECT domain, last_success, last_failure, last_error, failing_since FROM domain_status ORDER BY domain",
            r => new DomainStatus(r.GetString(0), Time(r, 1), Time(r, 2), r.IsDBNull(3) ? null : r.GetString(3), Time(r, 4)),
            cancellationToken);
    }

    private DateTimeOffset? Time(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : dialect.ReadTime(reader, ordinal);

    private QueuedRecipient Read(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), dialect.ReadTime(r, 5), (int)r.GetInt64(6), dialect.ReadTime(r, 7), r.GetString(8))
        {
            Domain = r.GetString(9),
            Notify = Text(r, 10),
            Orcpt = Text(r, 11),
            Dsn = new DsnEnvelope(Text(r, 12), Text(r, 13)),
            LastError = Text(r, 14),
            DelayReported = r.GetInt64(15) != 0,
            TraceParent = Text(r, 16),
        };

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private async Task UpdateAsync(string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await Sql.ExecuteAsync(transaction, text, cancellationToken, parameters);
        await transaction.CommitAsync(cancellationToken);
    }
}
