namespace OpenMss.Storage.Relational;

/// <summary>
/// Applies pending migrations at start, all in one transaction, and refuses a store whose schema is newer
/// than this code knows (an older OpenMSS must not write into a newer schema).
/// </summary>
public static class MigrationRunner
{
    public static async Task<int> ApplyAsync(SqlDialect dialect, IReadOnlyList<Migration> migrations, string storeDescription, CancellationToken cancellationToken)
    {
        var known = migrations.Count == 0 ? 0 : migrations[^1].Version;
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await dialect.LockMigrationsAsync(transaction, cancellationToken);
        await Sql.ExecuteAsync(transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL)", cancellationToken);
        var current = await Sql.ScalarAsync<long?>(connection, transaction, "SELECT MAX(version) FROM schema_version", cancellationToken) ?? 0;
        if (current > known)
        {
            throw new StoreException(
                StoreError.SchemaTooNew,
                $"The store at {storeDescription} has schema version {current}, newer than the {known} this OpenMSS knows: upgrade OpenMSS.");
        }

        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            await Sql.ExecuteAsync(transaction, migration.Script, cancellationToken);
            await Sql.ExecuteAsync(transaction, "INSERT INTO schema_version (version, name) VALUES (@v, @n)", cancellationToken, ("@v", migration.Version), ("@n", migration.Name));
        }

        await transaction.CommitAsync(cancellationToken);
        return known;
    }
}
