using System.CommandLine;
using OpenMss.Operator.Administration;

namespace OpenMss.Cli.Commands;

/// <summary><c>openmss domain add|list</c>: the mail domains this operator hosts.</summary>
internal static class DomainCommands
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("domain") { Description = "The domain, e.g. operateur-a.mssante.test." };
        var add = new Command("add", "Host a new mail domain.") { name };
        add.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (admin, _) =>
        {
            var domain = await admin.AddDomainAsync(parseResult.GetRequiredValue(name), cancellationToken);
            await context.Out.WriteLineAsync($"Domain {domain.Name} added.");
        }));

        var json = Verb.JsonOption();
        var list = new Command("list", "List the hosted domains.") { json };
        list.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (admin, _) =>
        {
            var domains = await admin.ListDomainsAsync(cancellationToken);
            await context.Out.WriteLineAsync(parseResult.GetValue(json)
                ? Json.Write(domains.Select(d => new { d.Name, d.Created }))
                : string.Join(Environment.NewLine, domains.Select(d => d.Name)));
        }));

        return new Command("domain", "Manage the mail domains this operator hosts.") { add, list };
    }
}
