using System.CommandLine;
using System.Globalization;

namespace OpenMss.Cli.Commands;

/// <summary>
/// <c>openmss domains status [--failing-since DAYS] [--json]</c>: per destination domain of the trust space, the
/// MTA's last success, last failure and its reason, and since when it fails (seed 000 #10: domains in error for
/// long are reported to ANS).
/// </summary>
internal static class DomainsStatusCommand
{
    public static Command Create(CliContext context)
    {
        var failingSince = new Option<double?>("--failing-since") { Description = "Only the domains failing for at least this many days (0: every failing domain).", HelpName = "DAYS" };
        var json = Verb.JsonOption();
        var status = new Command("status", "Show the delivery state of each destination domain: reachable, or failing since when and why.") { failingSince, json };
        status.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (_, store) =>
        {
            var now = context.Clock.GetUtcNow();
            var domains = await store.Queue.ListDomainsAsync(cancellationToken);
            if (parseResult.GetValue(failingSince) is { } days)
            {
                if (days < 0)
                {
                    throw new UsageException("--failing-since takes a number of days, 0 or more.");
                }

                domains = [.. domains.Where(d => d.FailingSince is { } since && now - since >= TimeSpan.FromDays(days))];
            }

            if (parseResult.GetValue(json))
            {
                await context.Out.WriteLineAsync(Json.Write(domains.Select(d => new
                {
                    d.Domain,
                    State = d.FailingSince is null ? "ok" : "failing",
                    d.LastSuccess,
                    d.LastFailure,
                    d.FailingSince,
                    d.LastError,
                })));
                return;
            }

            if (domains.Count == 0)
            {
                await context.Out.WriteLineAsync(parseResult.GetValue(failingSince) is null ? "No destination domain tried yet." : "No domain in error.");
                return;
            }

            foreach (var domain in domains)
            {
                var line = domain.FailingSince is { } since
                    ? string.Create(CultureInfo.InvariantCulture, $"{domain.Domain}\tFAILING since {since:u} ({(now - since).TotalDays:0.#} days); last success {Time(domain.LastSuccess)}; last error: {domain.LastError}")
                    : $"{domain.Domain}\tok, last success {Time(domain.LastSuccess)}";
                await context.Out.WriteLineAsync(line);
            }
        }));

        return new Command("domains", "The destination domains of the inter-operator MTA.") { status };
    }

    private static string Time(DateTimeOffset? time) => time?.ToString("u", CultureInfo.InvariantCulture) ?? "never";
}
