using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenMss.Operator.Lifecycle;
using OpenMss.Storage;
using OpenMss.Web.Pages;

namespace OpenMss.OperatorConsole.Pages;

/// <summary>The lifecycle: what the job would do at a date (a dry run, nothing changed), and what it did (its audit lines).</summary>
internal static class LifecyclePage
{
    public static void Map(RouteGroupBuilder pages) => pages.MapGet("/lifecycle", async (HttpContext context, IMailStore store, ConsoleSettings settings, TimeProvider clock, string? at) =>
    {
        var lang = Lang.Of(context);
        var instant = clock.GetUtcNow();
        var problem = at is { Length: > 0 } && !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant)
            ? lang.T($"« {at} » n'est pas une date : écrivez AAAA-MM-JJ.", $"'{at}' is not a date: write it YYYY-MM-DD.")
            : null;
        if (problem is not null)
        {
            instant = clock.GetUtcNow();
        }

        var report = await new LifecycleJob(store, settings.Lifecycle).RunAsync(instant, dryRun: true, context.RequestAborted);
        var history = (await store.Audit.ListAsync(null, AuditPage.Searched, context.RequestAborted)).Where(r => r.Event.Actor == LifecycleJob.Actor || r.Event.Category == "lifecycle").Take(100).ToList();
        var rows = string.Concat(report.Actions.Select(a =>
            $"<tr><td>{Layout.BalLink(a.Bal.Address)}</td><td>{Html.E(LifecycleJob.ActionName(a))}</td><td>{Layout.Date(a.LastActivity)}</td><td>{Layout.Date(a.DeletionDate)}</td></tr>"));
        var body = (problem is null ? "" : Layout.Problem(problem))
            + $"<form method=\"get\" action=\"/lifecycle\"><label>{lang.T("Simuler au", "Preview at")} <input name=\"at\" type=\"date\" value=\"{instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"></label><button>{lang.T("Simuler", "Preview")}</button></form>"
            + $"<h2>{lang.T("Ce que le cycle de vie ferait", "What the lifecycle would do")} ({Layout.Date(report.At)}, {report.BalsScanned} BAL)</h2>"
            + (report.Actions.Count == 0 ? $"<p>{lang.T("Rien à faire.", "Nothing to do.")}</p>"
                : $"<table><thead><tr><th>BAL</th><th>Action</th><th>{lang.T("Dernière activité", "Last activity")}</th><th>{lang.T("Suppression prévue", "Deletion date")}</th></tr></thead><tbody>{rows}</tbody></table>")
            + $"<h2>{lang.T("Historique", "History")}</h2>" + AuditPage.Table(lang, history);
        return Layout.Page(context, lang.T("Cycle de vie des BAL", "BAL lifecycle"), body, problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    });
}
