using Npgsql;

namespace OpenMss.TestSupport;

/// <summary>
/// A fresh database on the PostgreSQL server the test script started (OPENMSS_TEST_POSTGRES names it), dropped
/// at dispose. Without that variable the tests fail with a sentence saying how to run them: they never skip.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    public const string Variable = "OPENMSS_TEST_POSTGRES";

    private readonly string _admin;

    private TestPostgres(string admin, string name, string connectionString)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL.");

    public static async Task<TestPostgres> CreateAsync()
    {
        var admin = AdminConnectionString;
        var name = $"openmss_t_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestPostgres(admin, name, builder.ConnectionString);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
