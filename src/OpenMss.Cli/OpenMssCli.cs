using System.CommandLine;
using OpenMss.Cli.Commands;

namespace OpenMss.Cli;

/// <summary>The openmss command line: parses, reports usage errors with exit code 2, and runs the verb.</summary>
public static class OpenMssCli
{
    public static RootCommand CreateRoot(CliContext context)
    {
        var root = new RootCommand("OpenMSS: an open-source MSSanté operator, sandbox and tools for the API LPS.")
        {
            ServeCommand.Create(context),
            SandboxCommand.Create(context),
            DomainCommands.Create(context),
            BalCommands.Create(context),
            PkiCommands.Create(context),
            PscCommands.Create(context),
            MessageCommands.Create(context),
            StoreCommands.Create(context),
            WhitelistCommands.Create(context),
            DomainsStatusCommand.Create(context),
            XdmCommands.Create(context),
            GatewayCommands.Create(context),
            Lps.LpsCommands.Create(context),
            ConformanceCommands.Create(context),
            IndicatorCommands.Create(context),
            LifecycleCommands.Create(context),
            ConsoleCommands.Create(context),
        };
        foreach (var option in StoreOptions.Create())
        {
            root.Options.Add(option);
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var parseResult = CreateRoot(context).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // One sentence and a pointer to help, rather than the whole help text. A stray word is named first:
            // it is what the user mistyped, whatever else then went missing.
            var problem = parseResult.UnmatchedTokens.Count > 0
                ? $"'{parseResult.UnmatchedTokens[0]}' is not a command or option of {CommandPath(parseResult)}."
                : parseResult.Errors[0].Message;
            await context.Error.WriteLineAsync($"{problem} Run '{CommandPath(parseResult)} --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error }, cancellationToken);
    }

    /// <summary>"openmss bal add" for an error in bal add.</summary>
    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string> { "openmss" };
        for (var result = parseResult.CommandResult; result.Parent is not null; result = (System.CommandLine.Parsing.CommandResult)result.Parent)
        {
            names.Insert(1, result.Command.Name);
        }

        return string.Join(' ', names);
    }
}
