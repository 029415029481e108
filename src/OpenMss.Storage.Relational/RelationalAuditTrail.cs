using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

/// <summary>The audit trail over SQL; both schemas refuse UPDATE and DELETE on it with a trigger.</summary>
internal sealed class RelationalAuditTrail(SqlDialect dialect) : IAuditTrail
{
    public const int MaxListed = 10_000;

    public async Task AppendAsync(AuditEvent entry, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await InsertAsync(dialect, transaction, entry, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Writes an entry in the caller's transaction (an authentication's audit row commits with its effects).</summary>
    public static Task InsertAsync(SqlDialect dialect, System.Data.Common.DbTransaction transaction, AuditEvent entry, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(
            transaction,
            "INSERT INTO audit_trail (at, category, action, outcome, bal_address, front, mechanism, reason, actor) VALUES (@t, @c, @a, @o, @b, @f, @m, @r, @x)",
            cancellationToken,
            ("@t", dialect.TimeValue(entry.At)),
            ("@c", entry.Category),
            ("@a", entry.Action),
            ("@o", entry.Outcome),
            ("@b", entry.BalAddress),
            ("@f", entry.Front),
            ("@m", entry.Mechanism),
            ("@r", entry.Reason),
            ("@x", entry.Actor));

    public async Task<IReadOnlyList<AuditRecord>> ListAsync(string? balAddress, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var where = balAddress is null ? "" : "WHERE bal_address = @b";
        return await Sql.ListAsync(
            connection,
            null,
            $"SELECT id, at, category, action, outcome, bal_address, front, mechanism, reason, actor FROM audit_trail {where} ORDER BY id DESC LIMIT @l",
            r => new AuditRecord(
                r.GetInt64(0),
                new AuditEvent(
                    dialect.ReadTime(r, 1),
                    r.GetString(2),
                    r.GetString(3),
                    r.GetString(4),
                    r.IsDBNull(5) ? null : r.GetString(5),
                    r.IsDBNull(6) ? null : r.GetString(6),
                    r.IsDBNull(7) ? null : r.GetString(7),
                    r.IsDBNull(8) ? null : r.GetString(8),
                    r.IsDBNull(9) ? null : r.GetString(9))),
            cancellationToken,
            ("@b", balAddress),
            ("@l", Math.Clamp(limit, 1, MaxListed)));
    }
}
