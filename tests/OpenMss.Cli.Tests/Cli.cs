using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary>Runs the CLI in this process with captured output, as a user would type it.</summary>
internal static class Cli
{
    public sealed record Outcome(int ExitCode, string Out, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static async Task<Outcome> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await OpenMssCli.RunAsync(args, new CliContext(output, error, TimeProvider.System));
        return new Outcome(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs through the ./openmss wrapper as a separate process.</summary>
    public static async Task<Outcome> RunProcessAsync(params string[] args)
    {
        var result = await ProcessRunner.RunAsync(Repository.Wrapper, args, Repository.Root);
        return new Outcome(result.ExitCode, result.Out, result.Error);
    }
}
