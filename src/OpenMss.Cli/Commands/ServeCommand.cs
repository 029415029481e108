using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenMss.Operator.Hosting;

namespace OpenMss.Cli.Commands;

/// <summary><c>openmss serve</c>: run the operator server in the foreground until SIGTERM or Ctrl-C.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var portsBase = new Option<int?>("--ports-base") { Description = $"Move every listener: port = base + the protocol's port (default {ListenerPorts.DefaultBase}; health on base + 80).", HelpName = "N" };
        var command = new Command("serve", "Run the operator server (admin and health endpoint now; IMAP and SMTP fronts as they arrive).") { portsBase };

        // Anything else on the line is a configuration override: --Section:Key=value.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var overrides = parseResult.UnmatchedTokens.ToArray();
            if (overrides.FirstOrDefault(t => !t.StartsWith("--", StringComparison.Ordinal) || !t.Contains(':', StringComparison.Ordinal)) is { } stray)
            {
                throw new UsageException($"'{stray}' is neither an option of serve nor a --Section:Key=value setting.");
            }

            var configuration = OperatorConfiguration.Load(overrides);
            var ports = new ListenerPorts(parseResult.GetValue(portsBase) ?? configuration.GetValue("Ports:Base", ListenerPorts.DefaultBase));
            if (!ports.IsValid)
            {
                throw new UsageException($"--ports-base {ports.Base} puts listeners outside 0-65535.");
            }

            if (PortCheck.Problem(OperatorHost.AdminAddress(configuration), ports.Admin) is { } problem)
            {
                throw new UsageException($"{problem} Choose other ports with --ports-base.");
            }

            await using var store = await StoreOptions.OpenAsync(parseResult, cancellationToken);
            await using var app = OperatorHost.Build(overrides, store, ports, parts: [OpenMss.OperatorConsole.ConsoleHosting.Part]);
            await app.StartAsync(cancellationToken);

            await app.WaitForShutdownAsync(CancellationToken.None);
        }));
        return command;
    }
}
