using System.Data.Common;
using Microsoft.Data.Sqlite;
using OpenMss.Storage.Relational;

namespace OpenMss.Storage.Sqlite;

/// <summary>
/// SQLite in WAL mode with synchronous=FULL, so that a commit is on disk when it returns. Writers take the write
/// lock at BEGIN (IMMEDIATE) and so are serialised; the change feed is in-process.
/// </summary>
internal sealed class SqliteDialect(string databasePath, ChangeBroadcaster broadcaster) : SqlDialect(broadcaster)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        ForeignKeys = true,
        DefaultTimeout = 60,
        Pooling = true,
    }.ToString();

    /// <summary>The native connections already configured (the pool hands the same ones out again).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = [];

    public override string ForUpdate => "";

    public override string Greatest(string left, string right) => $"MAX({left}, {right})";

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Per SQLite connection, which the pool keeps open: set once, not on every open.
            if (!Configured.TryGetValue(connection.Handle!, out _))
            {
                await using var pragmas = connection.CreateCommand();
                pragmas.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 60000;";
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
                Configured.AddOrUpdate(connection.Handle!, Configured);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override object TimeValue(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };
}
