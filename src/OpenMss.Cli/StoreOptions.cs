using System.CommandLine;
using OpenMss.Operator.Hosting;
using OpenMss.Storage;

namespace OpenMss.Cli;

/// <summary>--data and --store, accepted by every verb that works on a store (DESIGN.md §5).</summary>
public static class StoreOptions
{
    private const string DataName = "--data";
    private const string StoreName = "--store";

    /// <summary>The two options, new for each command tree (an option belongs to the tree it is added to).</summary>
    public static Option[] Create() =>
    [
        new Option<string?>(DataName) { Description = "Use the embedded store in this directory (created if missing).", Recursive = true, HelpName = "DIR" },
        new Option<string?>(StoreName) { Description = "Use the PostgreSQL store with this connection string.", Recursive = true, HelpName = "CONNECTION-STRING" },
    ];

    /// <summary>The store the command line names, else the configured one.</summary>
    public static StoreLocation Resolve(ParseResult parseResult)
    {
        var data = parseResult.GetValue<string?>(DataName);
        var store = parseResult.GetValue<string?>(StoreName);
        return (data, store) switch
        {
            ({ }, { }) => throw new UsageException("Give --data or --store, not both."),
            ({ } directory, null) => StoreLocation.Embedded(directory),
            (null, { } connectionString) => StoreLocation.Postgres(connectionString),
            _ => OperatorConfiguration.StoreLocation(OperatorConfiguration.Load([])),
        };
    }

    public static Task<IMailStore> OpenAsync(ParseResult parseResult, CancellationToken cancellationToken) =>
        StoreOpener.OpenAsync(Resolve(parseResult), cancellationToken);
}
