using OpenMss.Storage;
using OpenMss.Storage.Postgres;
using OpenMss.Storage.Sqlite;

namespace OpenMss.Operator.Hosting;

/// <summary>Opens the store a location names; the one place that knows both backends.</summary>
public static class StoreOpener
{
    public static async Task<IMailStore> OpenAsync(StoreLocation location, CancellationToken cancellationToken) =>
        location.ConnectionString is { } connectionString
            ? await PostgresMailStore.OpenAsync(connectionString, cancellationToken)
            : await SqliteMailStore.OpenAsync(location.DataDirectory ?? StoreLocation.DefaultDataDirectory, cancellationToken);
}
