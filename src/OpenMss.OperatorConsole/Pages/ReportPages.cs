using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenMss.Web.Pages;

namespace OpenMss.OperatorConsole.Pages;

/// <summary>
/// Conformance reports (<c>openmss conformance … --out DIR</c>) kept under <c>Console:ReportsDirectory</c>: each
/// <c>report.html</c> at most <see cref="MaxDepth"/> folders down is listed, newest first, and shown sandboxed
/// (no script, no request out), since a report quotes what the tested LPS sent.
/// </summary>
internal static class ReportPages
{
    private const int MaxDepth = 3;
    private const int Listed = 200;
    private const string ReportCsp = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/reports", (HttpContext context, ConsoleSettings settings) =>
        {
            var lang = Lang.Of(context);
            if (settings.ReportsDirectory is not { } root)
            {
                return Layout.Page(context, lang.T("Rapports de conformité", "Conformance reports"), $"<p>{lang.T("Console:ReportsDirectory n'est pas configuré.", "Console:ReportsDirectory is not configured.")}</p>");
            }

            var reports = Reports(root).ToList();
            var body = $"<p>{Html.E(root)}</p>" + (reports.Count == 0 ? $"<p>{lang.T("Aucun rapport.", "No report.")}</p>"
                : "<ul class=\"reports\">" + string.Concat(reports.Select(r =>
                    $"<li><a href=\"/reports/show?path={Html.E(Uri.EscapeDataString(r.Relative))}\">{Html.E(r.Relative)}</a> ({Layout.Date(r.File.LastWriteTimeUtc)})</li>")) + "</ul>");
            return Layout.Page(context, lang.T("Rapports de conformité", "Conformance reports"), body);
        });
        pages.MapGet("/reports/show", (HttpContext context, ConsoleSettings settings, string? path) =>
        {
            // Only a path the listing gives: nothing outside the directory, whatever the query says.
            var report = settings.ReportsDirectory is { } root ? Reports(root).FirstOrDefault(r => r.Relative == path).File : null;
            if (report is null)
            {
                return Results.NotFound();
            }

            context.Response.Headers.ContentSecurityPolicy = ReportCsp;
            return Results.File(report.FullName, "text/html; charset=utf-8");
        });
    }

    private static IEnumerable<(string Relative, FileInfo File)> Reports(string root)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = MaxDepth, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return new DirectoryInfo(root).EnumerateFiles("report.html", options)
            .OrderByDescending(f => f.LastWriteTimeUtc).Take(Listed)
            .Select(f => (Path.GetRelativePath(root, f.FullName).Replace('\\', '/'), f));
    }
}
