using System.CommandLine;
using OpenMss.OperatorConsole;

namespace OpenMss.Cli.Commands;

/// <summary><c>openmss console password-hash</c>: what to put in <c>Console:Admins:NAME</c> for an administrator.</summary>
internal static class ConsoleCommands
{
    public static Command Create(CliContext context)
    {
        var hash = new Command("password-hash", "Read a password on standard input (never an argument, which other users can see) and print its hash for Console:Admins:NAME.");
        hash.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var password = await Console.In.ReadLineAsync(cancellationToken);
            if (string.IsNullOrEmpty(password) || password.Length < 12)
            {
                throw new UsageException("Give a password of at least 12 characters on standard input.");
            }

            await context.Out.WriteLineAsync(AdminPasswords.Hash(password));
        }));
        return new Command("console", "The operator console's administrators (docs/console.md).") { hash };
    }
}
