using System.CommandLine;
using System.Globalization;
using OpenMss.Operator.Indicators;

namespace OpenMss.Cli.Commands;

/// <summary><c>openmss indicators export</c>: the usage-indicator files an operator sends to ANS (spec §5.2).</summary>
internal static class IndicatorCommands
{
    public static Command Create(CliContext context)
    {
        var month = new Option<string?>("--month") { Description = "The calendar month to export (UTC), e.g. 2026-11.", HelpName = "YYYY-MM" };
        var from = new Option<string?>("--from") { Description = "First day to export (UTC), with --to.", HelpName = "YYYY-MM-DD" };
        var to = new Option<string?>("--to") { Description = "Last day to export, included.", HelpName = "YYYY-MM-DD" };
        var output = new Option<string>("--out") { Description = "Directory to write the files into (created if missing).", Required = true, HelpName = "DIR" };
        var maxPart = new Option<long>("--max-part-size")
        {
            Description = "Largest part in bytes (default 69,000,000: ANS takes files under 70 MB).",
            DefaultValueFactory = _ => IndicatorExport.AnsMaxFileBytes,
            HelpName = "BYTES",
        };
        var json = Verb.JsonOption();
        var export = new Command("export", "Write the per-message file (MAIL_ID;EXPEDITEUR;DESTINATAIRE;DATE;TAILLE;INS;CODECDA;NIL) and the connections file for a period, split into parts under 70 MB.")
        {
            month, from, to, output, maxPart, json,
        };
        export.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (_, store) =>
        {
            var period = Period(parseResult.GetValue(month), parseResult.GetValue(from), parseResult.GetValue(to));
            var limit = parseResult.GetValue(maxPart);
            if (limit < 4096)
            {
                throw new UsageException("--max-part-size must be at least 4096 bytes.");
            }

            var result = await new IndicatorExport(store, limit).ExportAsync(period, parseResult.GetRequiredValue(output), cancellationToken);
            await context.Out.WriteLineAsync(parseResult.GetValue(json)
                ? Json.Write(new { period = period.Label, messages = new { rows = result.MessageRows, files = result.MessageFiles }, connections = new { rows = result.ConnectionRows, files = result.ConnectionFiles } })
                : string.Create(
                    CultureInfo.InvariantCulture,
                    $"{period.Label}: {result.MessageRows} message rows in {result.MessageFiles.Count} file(s), {result.ConnectionRows} BALs in {result.ConnectionFiles.Count} connections file(s), in {Path.GetFullPath(parseResult.GetRequiredValue(output))}."));
        }));

        return new Command("indicators", "Usage indicators for ANS.") { export };
    }

    private static ExportPeriod Period(string? month, string? from, string? to)
    {
        try
        {
            return (month, from, to) switch
            {
                ({ } m, null, null) => ExportPeriod.ParseMonth(m),
                (null, { } f, { } t) => ExportPeriod.ParseDays(f, t),
                _ => throw new UsageException("Give --month YYYY-MM, or --from DATE and --to DATE."),
            };
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
