using System.Globalization;
using System.Text;
using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

/// <summary>The whitelist over SQL: the pairs and the one state row, replaced in one transaction.</summary>
internal sealed class RelationalWhitelistStore(SqlDialect dialect) : IWhitelistStore
{
    /// <summary>Rows per INSERT: about 9,000 pairs go in a few statements rather than one round trip each.</summary>
    private const int RowsPerStatement = 500;

    public async Task ReplaceAsync(IReadOnlyList<WhitelistEntry> entries, WhitelistState state, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await Sql.ExecuteAsync(transaction, "DELETE FROM whitelist_entries", cancellationToken);
        await Sql.ExecuteAsync(transaction, "DELETE FROM whitelist_state", cancellationToken);
        foreach (var chunk in entries.DistinctBy(e => (e.Domain, e.Dn)).Chunk(RowsPerStatement))
        {
            var text = new StringBuilder("INSERT INTO whitelist_entries (domain, dn) VALUES ");
            var parameters = new List<(string, object?)>();
            for (var i = 0; i < chunk.Length; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ", ")}(@d{i}, @n{i})");
                parameters.Add(($"@d{i}", chunk[i].Domain));
                parameters.Add(($"@n{i}", chunk[i].Dn));
            }

            await Sql.ExecuteAsync(transaction, text.ToString(), cancellationToken, [.. parameters]);
        }

        await Sql.ExecuteAsync(
            transaction,
            "INSERT INTO whitelist_state (id, generated_at, imported_at, sha256, source, domains) VALUES (1, @g, @i, @h, @s, @d)",
            cancellationToken,
            ("@g", state.GeneratedAt is { } generated ? dialect.TimeValue(generated) : null),
            ("@i", dialect.TimeValue(state.ImportedAt)),
            ("@h", state.Sha256),
            ("@s", state.Source),
            ("@d", (long)state.Domains));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<WhitelistState?> StateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var rows = await Sql.ListAsync(
            connection,
            null,
            "SELECT generated_at, imported_at, sha256, source, domains FROM whitelist_state",
            r => new WhitelistState(r.IsDBNull(0) ? null : dialect.ReadTime(r, 0), dialect.ReadTime(r, 1), r.GetString(2), r.GetString(3), (int)r.GetInt64(4)),
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<WhitelistEntry>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(connection, null, "SELECT domain, dn FROM whitelist_entries ORDER BY domain, dn", r => new WhitelistEntry(r.GetString(0), r.GetString(1)), cancellationToken);
    }

    public async Task<IReadOnlyList<string>> FindAsync(string domain, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(connection, null, "SELECT dn FROM whitelist_entries WHERE domain = @d ORDER BY dn", r => r.GetString(0), cancellationToken, ("@d", domain));
    }
}
