using OpenMss.Imap.Server.Views;
using OpenMss.Storage;
using OpenMss.Storage.Postgres;
using OpenMss.Storage.Sqlite;

namespace OpenMss.Operator.Hosting;

/// <summary>Opens the store a location names; the one place that knows both backends.</summary>
public static class StoreOpener
{
    /// <summary>Opens the store, which then keeps the IMAP views of each message it stores (write once, parse once).</summary>
    public static async Task<IMailStore> OpenAsync(StoreLocation location, CancellationToken cancellationToken)
    {
        IMailStore store = location.ConnectionString is { } connectionString
            ? await PostgresMailStore.OpenAsync(connectionString, cancellationToken)
            : await SqliteMailStore.OpenAsync(location.DataDirectory ?? StoreLocation.DefaultDataDirectory, cancellationToken);
        store.ViewBuilder = MessageViews.Build;
        return store;
    }
}
