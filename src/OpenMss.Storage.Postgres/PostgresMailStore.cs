using Npgsql;
using OpenMss.Storage.Relational;

namespace OpenMss.Storage.Postgres;

/// <summary>
/// The scale-out store: several OpenMSS nodes share one PostgreSQL database and see each other's changes through
/// LISTEN/NOTIFY.
/// </summary>
public sealed class PostgresMailStore : RelationalMailStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresChangeListener _listener;

    private PostgresMailStore(PostgresDialect dialect, NpgsqlDataSource dataSource, PostgresChangeListener listener, string description)
        : base(dialect, new DatabaseBlobStore(dialect), description, keepStatements: false)
    {
        _dataSource = dataSource;
        _listener = listener;
    }

    /// <summary>Connects, brings the schema up to date and starts listening for changes.</summary>
    /// <exception cref="StoreException">Unavailable when PostgreSQL cannot be reached; Invalid for a malformed connection string.</exception>
    public static async Task<PostgresMailStore> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StoreException(StoreError.Invalid, $"The PostgreSQL connection string is malformed: {e.Message}", e);
        }

        // Never the password: this goes to logs and error messages.
        var description = $"postgresql://{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        if (builder.MaxAutoPrepare == 0)
        {
            // Statements used again on a physical connection are prepared once there (the group committer's above all).
            builder.MaxAutoPrepare = 64;
        }

        var dataSource = NpgsqlDataSource.Create(builder);
        var dialect = new PostgresDialect(dataSource, new ChangeBroadcaster());
        PostgresChangeListener? listener = null;
        try
        {
            await MigrationRunner.ApplyAsync(dialect, Migration.FromAssembly(typeof(PostgresMailStore).Assembly), description, cancellationToken);
            listener = new PostgresChangeListener(dataSource, dialect.Broadcaster);
            await listener.Listening.WaitAsync(cancellationToken);
            return new PostgresMailStore(dialect, dataSource, listener, description);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await CloseAsync(listener, dataSource);
            throw new StoreException(StoreError.Unavailable, $"PostgreSQL at {description} cannot be used: {e.Message}", e);
        }
        catch
        {
            await CloseAsync(listener, dataSource);
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await CloseAsync(_listener, _dataSource);
    }

    private static async Task CloseAsync(PostgresChangeListener? listener, NpgsqlDataSource dataSource)
    {
        if (listener is not null)
        {
            await listener.DisposeAsync();
        }

        await dataSource.DisposeAsync();
    }
}
