using System.CommandLine;
using System.Globalization;
using OpenMss.Net;
using OpenMss.Operator.Identifiers;
using OpenMss.Operator.Whitelist;
using OpenMss.Pki;

namespace OpenMss.Cli.Commands;

/// <summary><c>openmss whitelist import|show</c>: the ANS whitelist (spec §10) that decides which peers the MTA talks to.</summary>
internal static class WhitelistCommands
{
    public static Command Create(CliContext context)
    {
        var source = new Argument<string>("source") { Description = "The whitelist XML: a file or an https:// URL." };
        var checksum = new Option<string?>("--checksum") { Description = "Its SHA-256 checksum file (a file or an https:// URL): the list must match it.", HelpName = "FILE|URL" };
        var ca = new Option<string?>("--ca") { Description = "Trust only this CA (PEM) for the HTTPS download, e.g. IGC Santé's chain; default the system store.", HelpName = "FILE" };
        var import = new Command("import", "Put a whitelist in force; a list that does not parse or match its checksum is refused and the previous one stays.") { source, checksum, ca };
        import.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (_, store) =>
        {
            using var http = parseResult.GetValue(ca) is { } anchor ? new HttpClient(TrustAnchors.HttpHandler(anchor)) : new HttpClient();
            try
            {
                var (list, state) = await new WhitelistImport(store, http, context.Clock).ImportAsync(parseResult.GetRequiredValue(source), parseResult.GetValue(checksum), cancellationToken);
                var pairs = list.Domains.Sum(d => d.Value.Count);
                await context.Out.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Whitelist in force: {state.Domains} domains, {pairs} domain-certificate pairs, generated {state.GeneratedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "(no date)"}, SHA-256 {state.Sha256}."));
            }
            catch (WhitelistException e)
            {
                throw new CheckFailedException(e.Message);
            }
        }));

        var domain = new Argument<string?>("domain") { Description = "Show only this domain's allowed certificate DNs.", Arity = ArgumentArity.ZeroOrOne };
        var json = Verb.JsonOption();
        var show = new Command("show", "Show the whitelist in force, or the certificate DNs allowed for one domain.") { domain, json };
        show.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (_, store) =>
        {
            var state = await store.Whitelist.StateAsync(cancellationToken)
                ?? throw new CheckFailedException("No whitelist is in force: import one with 'openmss whitelist import FILE|URL'.");
            var entries = parseResult.GetValue(domain) is { } requested
                ? (DomainName.NormalizeIdn(requested) is { } name ? (await store.Whitelist.FindAsync(name, cancellationToken)).Select(dn => new Storage.Model.WhitelistEntry(name, dn)).ToList() : [])
                : await store.Whitelist.ListAsync(cancellationToken);
            if (parseResult.GetValue(domain) is { } missing && entries.Count == 0)
            {
                throw new CheckFailedException($"{missing} is not in the whitelist in force (SHA-256 {state.Sha256}).");
            }

            if (parseResult.GetValue(json))
            {
                await context.Out.WriteLineAsync(Json.Write(new
                {
                    state.Source, state.Sha256, state.GeneratedAt, state.ImportedAt, state.Domains,
                    Entries = entries.GroupBy(e => e.Domain).Select(g => new { Domain = g.Key, Dns = g.Select(e => e.Dn) }),
                }));
                return;
            }

            await context.Out.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"# {state.Domains} domains from {state.Source}, imported {state.ImportedAt:u}, SHA-256 {state.Sha256}"));
            foreach (var entry in entries)
            {
                await context.Out.WriteLineAsync($"{entry.Domain}\t{entry.Dn}");
            }
        }));

        return new Command("whitelist", "The ANS whitelist: which domains are in the trust space and which operator certificates may carry their mail.") { import, show };
    }
}
