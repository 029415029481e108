using Microsoft.Extensions.Configuration;

namespace OpenMss.Operator.Hosting;

/// <summary>
/// Where settings come from, lowest priority first: appsettings.json beside the binary, appsettings.json in the
/// working directory, OPENMSS_* environment variables (OPENMSS_Store__Postgres=...), then --Section:Key=value
/// arguments. The CLI verbs and the server read the same sources.
/// </summary>
public static class OperatorConfiguration
{
    public static void AddSources(IConfigurationBuilder builder, string[] arguments)
    {
        builder.AddJsonFile(new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory), "appsettings.json", optional: true, reloadOnChange: false);
        builder.AddJsonFile(new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Directory.GetCurrentDirectory()), "appsettings.json", optional: true, reloadOnChange: false);
        builder.AddEnvironmentVariables("OPENMSS_");
        builder.AddCommandLine(arguments);
    }

    public static IConfigurationRoot Load(string[] arguments)
    {
        var builder = new ConfigurationBuilder();
        AddSources(builder, arguments);
        return builder.Build();
    }

    /// <summary>The configured store: Store:Postgres when set, else the data directory Store:Data (default ./data).</summary>
    public static StoreLocation StoreLocation(IConfiguration configuration) =>
        configuration["Store:Postgres"] is { Length: > 0 } connectionString
            ? Hosting.StoreLocation.Postgres(connectionString)
            : Hosting.StoreLocation.Embedded(configuration["Store:Data"] is { Length: > 0 } data ? data : Hosting.StoreLocation.DefaultDataDirectory);
}
