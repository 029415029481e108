namespace OpenMss.Operator.Hosting;

/// <summary>Where the store is: an embedded data directory, or a PostgreSQL connection string (exactly one).</summary>
public sealed record StoreLocation(string? DataDirectory, string? ConnectionString)
{
    /// <summary>The embedded store in <c>./data</c>, used when neither is configured.</summary>
    public const string DefaultDataDirectory = "data";

    public static StoreLocation Embedded(string directory) => new(directory, null);

    public static StoreLocation Postgres(string connectionString) => new(null, connectionString);
}
