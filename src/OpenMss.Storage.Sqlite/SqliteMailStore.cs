using Microsoft.Data.Sqlite;
using OpenMss.Storage.Relational;

namespace OpenMss.Storage.Sqlite;

/// <summary>
/// The embedded store in a data directory: <c>openmss.db</c> (SQLite, WAL) and <c>blobs/</c>. One process serves a
/// data directory; the change feed does not cross processes (use PostgreSQL for several nodes).
/// </summary>
public sealed class SqliteMailStore : RelationalMailStore
{
    public const string DatabaseFileName = "openmss.db";

    private SqliteMailStore(SqliteDialect dialect, SegmentBlobStore blobs, string description)
        : base(dialect, blobs, description, keepStatements: true)
    {
    }

    /// <summary>Opens (creating if needed) the store in <paramref name="dataDirectory"/> and brings its schema up to date.</summary>
    /// <exception cref="StoreException">Unavailable when the directory cannot be used, Invalid when it holds no OpenMSS store.</exception>
    public static async Task<SqliteMailStore> OpenAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(dataDirectory);
        var databasePath = Path.Combine(directory, DatabaseFileName);
        var dialect = new SqliteDialect(databasePath, new ChangeBroadcaster());
        SegmentBlobStore blobs;
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            blobs = new SegmentBlobStore(directory, dialect);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException(StoreError.Unavailable, $"The data directory {directory} cannot be created or written: {e.Message}", e);
        }

        try
        {
            await using (var connection = await dialect.OpenConnectionAsync(cancellationToken))
            {
                await using var wal = connection.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode = WAL";
                await wal.ExecuteNonQueryAsync(cancellationToken);
            }

            await MigrationRunner.ApplyAsync(dialect, Migration.FromAssembly(typeof(SqliteMailStore).Assembly), directory, cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 /* SQLITE_NOTADB */ or 11 /* SQLITE_CORRUPT */)
        {
            throw new StoreException(StoreError.Invalid, $"The data directory {directory} holds a damaged or foreign {DatabaseFileName}: {e.Message}", e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 14 /* SQLITE_CANTOPEN */ or 8 /* SQLITE_READONLY */ or 10 /* SQLITE_IOERR */)
        {
            throw new StoreException(StoreError.Unavailable, $"The store in {directory} cannot be opened for writing: {e.Message}", e);
        }

        return new SqliteMailStore(dialect, blobs, directory);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Pooled connections keep the database file open; release them so the directory can be moved or removed.
        SqliteConnection.ClearAllPools();
    }
}
