using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenMss.Operator.Indicators;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.Web.Pages;

namespace OpenMss.OperatorConsole.Pages;

/// <summary>The ANS indicator files: exported for a month into <c>Indicators:ExportDirectory</c> (audited), listed and downloaded.</summary>
internal static class IndicatorPages
{
    private const int Listed = 100;

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/indicators", (HttpContext context, ConsoleSettings settings) => Page(context, settings, null, null));
        pages.MapPost("/indicators", async (HttpContext context, IFormCollection form, ConsoleSettings settings, IMailStore store, TimeProvider clock) =>
        {
            var lang = Lang.Of(context);
            if (settings.ExportDirectory is null)
            {
                return Page(context, settings, lang.T("Indicators:ExportDirectory n'est pas configuré : l'export n'a nulle part où écrire.", "Indicators:ExportDirectory is not configured: the export has nowhere to write."), null);
            }

            ExportPeriod period;
            try
            {
                period = ExportPeriod.ParseMonth(form["month"].ToString());
            }
            catch (FormatException e)
            {
                return Page(context, settings, e.Message, null);
            }

            var result = await new IndicatorExport(store).ExportAsync(period, settings.ExportDirectory, context.RequestAborted);
            await store.Audit.AppendAsync(new AuditEvent(clock.GetUtcNow(), "console", $"indicators.export {period.Label}", "success", Front: "console", Actor: LoginPages.Actor(context.User)), context.RequestAborted);
            return Page(context, settings, null, lang.T(
                $"Export {period.Label} : {result.MessageRows} messages, {result.ConnectionRows} connexions.",
                $"Export {period.Label}: {result.MessageRows} messages, {result.ConnectionRows} connections."));
        });
        pages.MapGet("/indicators/files/{name}", (string name, ConsoleSettings settings) =>
            settings.ExportDirectory is { } directory && Files(directory).FirstOrDefault(f => f.Name == name) is { } file
                ? Results.File(file.FullName, "text/csv", file.Name)
                : Results.NotFound());
    }

    private static IEnumerable<FileInfo> Files(string directory) =>
        Directory.Exists(directory) ? new DirectoryInfo(directory).EnumerateFiles("*.csv").OrderByDescending(f => f.LastWriteTimeUtc).Take(Listed) : [];

    private static IResult Page(HttpContext context, ConsoleSettings settings, string? problem, string? notice)
    {
        var lang = Lang.Of(context);
        var files = settings.ExportDirectory is { } directory ? Files(directory).ToList() : [];
        var last = DateTime.UtcNow.AddMonths(-1);
        var body = (problem is null ? "" : Layout.Problem(problem)) + (notice is null ? "" : Layout.Notice(notice))
            + $"<form method=\"post\" action=\"/indicators\">{Layout.Csrf(context)}<label>{lang.T("Mois (AAAA-MM)", "Month (YYYY-MM)")} <input name=\"month\" value=\"{last:yyyy-MM}\" pattern=\"\\d{{4}}-\\d{{2}}\" required></label><button>{lang.T("Exporter", "Export")}</button></form>"
            + $"<h2>{lang.T("Fichiers exportés", "Exported files")}</h2>"
            + (files.Count == 0 ? $"<p>{lang.T("Aucun fichier.", "No file.")}</p>"
                : "<ul>" + string.Concat(files.Select(f => $"<li><a href=\"/indicators/files/{Html.E(Uri.EscapeDataString(f.Name))}\">{Html.E(f.Name)}</a> ({f.Length} o)</li>")) + "</ul>");
        return Layout.Page(context, lang.T("Indicateurs", "Indicators"), body, problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
