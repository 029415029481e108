using System.CommandLine;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Hosting;
using OpenMss.Operator.Identifiers;
using OpenMss.Operator.Mssante;

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

        var zoneDomain = new Argument<string>("domain") { Description = "A hosted domain." };
        var zone = new Command("zone", "Print, in zone-file syntax, the SRV records to publish for a hosted domain (ECO.1.1.9), from the Autoconfig:* settings.") { zoneDomain };
        zone.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (_, store) =>
        {
            var (records, problem) = AutoconfigRecords.FromConfiguration(OperatorConfiguration.Load([]));
            if (records is null)
            {
                throw new UsageException($"The SRV records cannot be written: {problem}");
            }

            var requested = parseResult.GetRequiredValue(zoneDomain);
            var domain = DomainName.Normalize(requested) is { } normalized ? await store.Directory.FindDomainAsync(normalized, cancellationToken) : null;
            if (domain is null)
            {
                throw new CheckFailedException($"{requested} is not a domain hosted here (see 'openmss domain list').");
            }

            await context.Out.WriteAsync(records.ZoneText(domain.Name));
        }));

        return new Command("domain", "Manage the mail domains this operator hosts.") { add, list, zone };
    }
}
