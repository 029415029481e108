using System.Data.Common;
using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

internal sealed class RelationalAnnuaireOutbox(SqlDialect dialect) : IAnnuaireOutbox
{
    private const string Columns = "id, address, bal_type, holder, change, created, attempts, next_attempt, status, last_error, finished";

    /// <summary>
    /// Writes a row in the caller's transaction. Due at once (the epoch), so the sender's clock, real or a test's,
    /// sees it; <c>created</c> is the real time, for people reading the outbox.
    /// </summary>
    public static Task EnqueueAsync(SqlDialect dialect, DbTransaction transaction, string address, BalType type, string holder, BalChange change, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(
            transaction,
            "INSERT INTO annuaire_outbox (address, bal_type, holder, change, created, next_attempt, status) VALUES (@a, @t, @h, @c, @now, @due, 'pending')",
            cancellationToken,
            ("@a", address),
            ("@t", Names.Of(type)),
            ("@h", holder),
            ("@c", Names.Of(change)),
            ("@now", dialect.TimeValue(DateTimeOffset.UtcNow)),
            ("@due", dialect.TimeValue(DateTimeOffset.UnixEpoch)));

    public async Task<IReadOnlyList<AnnuaireDeclaration>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(
            connection, null, $"SELECT {Columns} FROM annuaire_outbox WHERE status = 'pending' AND next_attempt <= @n ORDER BY id LIMIT @l", Read, cancellationToken,
            ("@n", dialect.TimeValue(now)), ("@l", (long)limit));
    }

    public async Task MarkSentAsync(AnnuaireDeclaration declaration, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await Sql.ExecuteAsync(
            transaction,
            "UPDATE annuaire_outbox SET status = 'sent', finished = @t, attempts = attempts + CASE WHEN id = @i THEN 1 ELSE 0 END " +
            "WHERE address = @a AND id <= @i AND status = 'pending'",
            cancellationToken,
            ("@t", dialect.TimeValue(at)),
            ("@i", declaration.Id),
            ("@a", declaration.Address));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task MarkAttemptFailedAsync(long id, string error, DateTimeOffset? nextAttempt, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await Sql.ExecuteAsync(
            transaction,
            nextAttempt is null
                ? "UPDATE annuaire_outbox SET status = 'failed', attempts = attempts + 1, last_error = @e, finished = @t WHERE id = @i AND status = 'pending'"
                : "UPDATE annuaire_outbox SET attempts = attempts + 1, last_error = @e, next_attempt = @n WHERE id = @i AND status = 'pending'",
            cancellationToken,
            ("@i", id),
            ("@e", error),
            ("@t", dialect.TimeValue(at)),
            ("@n", nextAttempt is { } next ? dialect.TimeValue(next) : null));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AnnuaireDeclaration>> ListAsync(string? address, bool unsentOnly, int limit, CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        if (address is not null)
        {
            conditions.Add("address = @a");
        }

        if (unsentOnly)
        {
            conditions.Add("status <> 'sent'");
        }

        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(
            connection,
            null,
            $"SELECT {Columns} FROM annuaire_outbox {(conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions))} ORDER BY id DESC LIMIT @l",
            Read,
            cancellationToken,
            ("@a", address),
            ("@l", (long)limit));
    }

    private AnnuaireDeclaration Read(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), Names.ToBalType(r.GetString(2)), r.GetString(3), Names.ToBalChange(r.GetString(4)), dialect.ReadTime(r, 5),
        r.GetInt32(6), dialect.ReadTime(r, 7), Names.ToDeclarationStatus(r.GetString(8)), r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : dialect.ReadTime(r, 10));
}
