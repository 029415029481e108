using System.Data.Common;
using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

/// <summary>The gateway's sessions over SQL: every change is one statement, compared against the version or the lease it expects.</summary>
internal sealed class RelationalGatewaySessionStore(SqlDialect dialect) : IGatewaySessionStore
{
    private const string Columns = "id, handle_hash, installation, idnat, psc_session, refresh_token, id_token, access_token, access_expires, version, created_at, ended_at, end_reason";

    public async Task AddAsync(GatewaySession session, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await Sql.ExecuteAsync(
            transaction,
            $"INSERT INTO gateway_sessions ({Columns}) VALUES (@id, @h, @inst, @idnat, @psc, @rt, @it, @at, @exp, @v, @c, NULL, NULL)",
            cancellationToken,
            ("@id", session.Id), ("@h", session.HandleHash), ("@inst", session.Installation), ("@idnat", session.IdNat), ("@psc", session.PscSession),
            ("@rt", session.RefreshToken), ("@it", session.IdToken), ("@at", session.AccessToken), ("@exp", dialect.TimeValue(session.AccessExpiresAt)),
            ("@v", session.Version), ("@c", dialect.TimeValue(session.CreatedAt)));
        await transaction.CommitAsync(cancellationToken);
    }

    public Task<GatewaySession?> FindAsync(string id, CancellationToken cancellationToken) => FindOneAsync("id = @k", id, cancellationToken);

    public Task<GatewaySession?> FindByHandleAsync(string handleHash, CancellationToken cancellationToken) => FindOneAsync("handle_hash = @k", handleHash, cancellationToken);

    public async Task<bool> LeaseRefreshAsync(string id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        await Sql.WriteAsync(dialect, 
            "UPDATE gateway_sessions SET lease_owner = @o, lease_until = @u WHERE id = @id AND ended_at IS NULL AND (lease_until IS NULL OR lease_until <= @n OR lease_owner = @o)",
            cancellationToken, ("@o", owner), ("@u", dialect.TimeValue(until)), ("@id", id), ("@n", dialect.TimeValue(now))) == 1;

    public async Task<bool> StoreRefreshAsync(string id, long version, GatewayTokens tokens, CancellationToken cancellationToken) =>
        await Sql.WriteAsync(dialect, 
            "UPDATE gateway_sessions SET refresh_token = @rt, id_token = COALESCE(@it, id_token), access_token = @at, access_expires = @exp, version = version + 1, lease_owner = NULL, lease_until = NULL "
            + "WHERE id = @id AND version = @v AND ended_at IS NULL",
            cancellationToken,
            ("@rt", tokens.RefreshToken), ("@it", tokens.IdToken), ("@at", tokens.AccessToken), ("@exp", dialect.TimeValue(tokens.AccessExpiresAt)), ("@id", id), ("@v", version)) == 1;

    public async Task ReleaseRefreshAsync(string id, string owner, CancellationToken cancellationToken) =>
        await Sql.WriteAsync(dialect, "UPDATE gateway_sessions SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @o", cancellationToken, ("@id", id), ("@o", owner));

    public async Task<IReadOnlyList<GatewaySession>> EndAsync(GatewaySessionFilter filter, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (condition, value) = filter switch
        {
            { Id: { } id } => ("id = @k", id),
            { IdNat: { } idNat } => ("idnat = @k", idNat),
            { PscSession: { } psc } => ("psc_session = @k", psc),
            _ => throw new ArgumentException("Say which sessions to end.", nameof(filter)),
        };
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var ending = await Sql.ListAsync(connection, transaction, $"SELECT id FROM gateway_sessions WHERE {condition} AND ended_at IS NULL", r => r.GetString(0), cancellationToken, ("@k", value));
        foreach (var id in ending)
        {
            await Sql.ExecuteAsync(transaction, "UPDATE gateway_sessions SET ended_at = @t, end_reason = @r, lease_owner = NULL, lease_until = NULL WHERE id = @id", cancellationToken,
                ("@t", dialect.TimeValue(at)), ("@r", reason), ("@id", id));
        }

        var ended = new List<GatewaySession>();
        foreach (var id in ending)
        {
            ended.AddRange(await Sql.ListAsync(connection, transaction, $"SELECT {Columns} FROM gateway_sessions WHERE id = @k", Read, cancellationToken, ("@k", id)));
        }

        await transaction.CommitAsync(cancellationToken);
        return ended;
    }

    public async Task<IReadOnlyList<GatewaySession>> ListEndedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(connection, null, $"SELECT {Columns} FROM gateway_sessions WHERE ended_at >= @s ORDER BY ended_at, id", Read, cancellationToken, ("@s", dialect.TimeValue(since)));
    }

    public async Task<IReadOnlyList<GatewaySession>> ListLiveAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(connection, null, $"SELECT {Columns} FROM gateway_sessions WHERE ended_at IS NULL ORDER BY created_at DESC, id LIMIT @l", Read, cancellationToken, ("@l", (long)limit));
    }

    private async Task<GatewaySession?> FindOneAsync(string condition, string key, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var rows = await Sql.ListAsync(connection, null, $"SELECT {Columns} FROM gateway_sessions WHERE {condition}", Read, cancellationToken, ("@k", key));
        return rows.Count == 0 ? null : rows[0];
    }

    private GatewaySession Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
        (byte[])r.GetValue(5), r.IsDBNull(6) ? null : (byte[])r.GetValue(6), (byte[])r.GetValue(7), dialect.ReadTime(r, 8),
        r.GetInt64(9), dialect.ReadTime(r, 10), r.IsDBNull(11) ? null : dialect.ReadTime(r, 11), r.IsDBNull(12) ? null : r.GetString(12));
}
