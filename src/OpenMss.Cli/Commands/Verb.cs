using System.CommandLine;
using OpenMss.Operator.Administration;
using OpenMss.Pki;
using OpenMss.Psc.Sandbox;
using OpenMss.Storage;

namespace OpenMss.Cli.Commands;

/// <summary>
/// Runs a verb and turns its refusals into one sentence on stderr and the right exit code, so no verb prints a
/// stack trace for something the user can fix.
/// </summary>
internal static class Verb
{
    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of text." };

    /// <summary>Runs a verb that needs the store and the administration rules.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1068", Justification = "The verb's body reads best as the last argument.")]
    public static Task<int> RunAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken, Func<BalAdministration, IMailStore, Task> verb) =>
        RunAsync(context, async () =>
        {
            await using var store = await StoreOptions.OpenAsync(parseResult, cancellationToken);
            var administration = Operator.Hosting.AdministrationHosting.Factory(store, context.Clock, Operator.Hosting.OperatorConfiguration.Load([]));
            await verb(administration(CliContext.Actor), store);
        });

    public static async Task<int> RunAsync(CliContext context, Func<Task> verb)
    {
        try
        {
            await verb();
            return ExitCodes.Success;
        }
        catch (UsageException e)
        {
            await context.Error.WriteLineAsync(e.Message);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is AdministrationException or StoreException or PkiException or SandboxClientException or SandboxConfigurationException or CheckFailedException)
        {
            await context.Error.WriteLineAsync(e.Message);
            return ExitCodes.Failure;
        }
        catch (HttpRequestException e)
        {
            await context.Error.WriteLineAsync($"The sandbox cannot be reached: {e.Message.ReplaceLineEndings(" ").Trim()}");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            // The store or a file failed mid-way: a sentence, not a trace (each store write is one transaction).
            await context.Error.WriteLineAsync($"The operation failed: {e.Message.ReplaceLineEndings(" ").Trim()}");
            return ExitCodes.Failure;
        }
    }
}
