using System.CommandLine;
using System.Globalization;
using OpenMss.Operator.Hosting;
using OpenMss.Operator.Lifecycle;

namespace OpenMss.Cli.Commands;

/// <summary><c>openmss lifecycle run [--dry-run] [--at DATE]</c>: shows or applies the BAL lifecycle steps due (spec §6.3).</summary>
internal static class LifecycleCommands
{
    public static Command Create(CliContext context)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what is due and change nothing." };
        var at = new Option<string?>("--at") { Description = "Judge as of this instant (UTC) instead of now, e.g. 2027-06-01 or 2027-06-01T03:00:00Z.", HelpName = "DATE" };
        var json = Verb.JsonOption();
        var run = new Command("run", "Unpublish BALs unused for Lifecycle:UnpublishAfterDays (90), send the deletion notices, delete BALs unused for Lifecycle:DeleteAfterDays (365).")
        {
            dryRun, at, json,
        };
        run.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (_, store) =>
        {
            var instant = parseResult.GetValue(at) is { } text ? Instant(text) : context.Clock.GetUtcNow();
            LifecycleOptions options;
            try
            {
                options = JobHosting.Lifecycle(OperatorConfiguration.Load([]));
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            var report = await new LifecycleJob(store, options).RunAsync(instant, parseResult.GetValue(dryRun), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.Out.WriteLineAsync(Json.Write(new
                {
                    at = report.At,
                    dryRun = report.DryRun,
                    scanned = report.BalsScanned,
                    actions = report.Actions.Select(a => new
                    {
                        bal = a.Bal.Address, action = LifecycleJob.ActionName(a), lastActivity = a.LastActivity, deletion = a.DeletionDate, applied = a.Applied,
                    }),
                }));
                return;
            }

            foreach (var action in report.Actions)
            {
                await context.Out.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{(report.DryRun ? "due" : action.Applied ? "done" : "skipped (signed in meanwhile)")}: {LifecycleJob.ActionName(action)} {action.Bal.Address} (last activity {action.LastActivity.UtcDateTime:yyyy-MM-dd}, deletion {action.DeletionDate.UtcDateTime:yyyy-MM-dd})"));
            }

            await context.Out.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{report.BalsScanned} BALs looked at on {report.At.UtcDateTime:yyyy-MM-dd HH:mm}Z: {report.Actions.Count} step(s) {(report.DryRun ? "due, none applied (dry run)" : "due")}."));
        }));

        return new Command("lifecycle", "The BAL lifecycle: dépublication and deletion after inactivity.") { run };
    }

    private static DateTimeOffset Instant(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : throw new UsageException($"'{text}' is not a date: write it YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ.");
}
