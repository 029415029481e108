using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

/// <summary>WebAuthn security keys over SQL: every change is one statement.</summary>
internal sealed class RelationalSecurityKeyStore(SqlDialect dialect) : ISecurityKeyStore
{
    private const string Columns = "credential_id, idnat, public_key, sign_count, created_at";

    public async Task<bool> AddAsync(SecurityKey key, CancellationToken cancellationToken) =>
        await Sql.WriteAsync(dialect,
            $"INSERT INTO security_keys ({Columns}) VALUES (@k, @i, @p, @s, @c) ON CONFLICT (credential_id) DO NOTHING",
            cancellationToken, ("@k", key.CredentialId), ("@i", key.IdNat), ("@p", key.PublicKey), ("@s", key.SignCount), ("@c", dialect.TimeValue(key.Created))) == 1;

    public async Task<IReadOnlyList<SecurityKey>> ListAsync(string idNat, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(connection, null, $"SELECT {Columns} FROM security_keys WHERE idnat = @i ORDER BY created_at, credential_id", Read, cancellationToken, ("@i", idNat));
    }

    public async Task<SecurityKey?> FindAsync(byte[] credentialId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var found = await Sql.ListAsync(connection, null, $"SELECT {Columns} FROM security_keys WHERE credential_id = @k", Read, cancellationToken, ("@k", credentialId));
        return found.Count == 0 ? null : found[0];
    }

    public async Task<bool> UseAsync(byte[] credentialId, long signCount, CancellationToken cancellationToken) =>
        await Sql.WriteAsync(dialect,
            "UPDATE security_keys SET sign_count = @s WHERE credential_id = @k AND (sign_count < @s OR (sign_count = 0 AND @s = 0))",
            cancellationToken, ("@s", signCount), ("@k", credentialId)) == 1;

    public async Task<int> DeleteAsync(string idNat, CancellationToken cancellationToken) =>
        await Sql.WriteAsync(dialect, "DELETE FROM security_keys WHERE idnat = @i", cancellationToken, ("@i", idNat));

    private SecurityKey Read(System.Data.Common.DbDataReader r) =>
        new((byte[])r.GetValue(0), r.GetString(1), (byte[])r.GetValue(2), r.GetInt64(3), dialect.ReadTime(r, 4));
}
