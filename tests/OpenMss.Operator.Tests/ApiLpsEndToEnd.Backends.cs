using OpenMss.Storage;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

public sealed class SqliteApiLpsEndToEndTests : ApiLpsEndToEnd
{
    private readonly TempDirectory _directory = new();

    protected override async Task<IMailStore> OpenStoreAsync() => await Storage.Sqlite.SqliteMailStore.OpenAsync(_directory.Path, default);

    protected override Task CleanUpAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class PostgresApiLpsEndToEndTests : ApiLpsEndToEnd
{
    private TestPostgres _database = null!;

    protected override async Task<IMailStore> OpenStoreAsync()
    {
        _database = await TestPostgres.CreateAsync();
        return await Storage.Postgres.PostgresMailStore.OpenAsync(_database.ConnectionString, default);
    }

    protected override async Task CleanUpAsync() => await _database.DisposeAsync();
}
