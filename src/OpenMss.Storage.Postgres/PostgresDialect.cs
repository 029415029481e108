using System.Data;
using System.Data.Common;
using System.Globalization;
using Npgsql;
using OpenMss.Storage.Model;
using OpenMss.Storage.Relational;

namespace OpenMss.Storage.Postgres;

/// <summary>
/// PostgreSQL at READ COMMITTED with explicit row locks (SELECT ... FOR UPDATE on folders). Change notices go out
/// with pg_notify inside the writing transaction, so every node learns of a change exactly when it commits.
/// </summary>
internal sealed class PostgresDialect(NpgsqlDataSource dataSource, ChangeBroadcaster broadcaster) : SqlDialect(broadcaster)
{
    public const string ChangeChannel = "openmss_changes";

    // Any constant: the key of the advisory lock that serialises migrations between nodes starting together.
    private const long MigrationLockKey = 0x4f70656e4d5353;

    public override string ForUpdate => "FOR UPDATE";

    public override string Greatest(string left, string right) => $"GREATEST({left}, {right})";

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    public override object TimeValue(DateTimeOffset value) => value.ToUniversalTime();

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override bool IsUniqueViolation(DbException exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override Task LockMigrationsAsync(DbTransaction transaction, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(@k)", cancellationToken, ("@k", MigrationLockKey));

    protected override Task NotifyInTransactionAsync(DbTransaction transaction, FolderChange change, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(transaction, $"SELECT pg_notify('{ChangeChannel}', @p)", cancellationToken, ("@p", Format(change)));

    // The listener publishes what pg_notify sent, for the other processes as for this one; this process also hears
    // at once, so that a session sees its own change in the response to the command that made it. Twice is harmless:
    // notices coalesce.
    protected override void AfterCommit(FolderChange change) => Broadcaster.Publish(change);

    public static string Format(FolderChange change) => string.Create(CultureInfo.InvariantCulture, $"{change.FolderId}:{change.ModSeq}");

    public static bool TryParse(string payload, out FolderChange change)
    {
        var parts = payload.Split(':');
        if (parts.Length == 2 &&
            long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var folderId) &&
            ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var modSeq))
        {
            change = new FolderChange(folderId, modSeq);
            return true;
        }

        change = default;
        return false;
    }
}
