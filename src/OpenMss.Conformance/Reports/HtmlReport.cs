using System.Globalization;
using System.Net;
using System.Text;
using OpenMss.Conformance.Model;

namespace OpenMss.Conformance.Reports;

/// <summary>
/// report.html, the test report (MOTCO2's « CR de test »): product, NIL, date, profile, compliance level, then every
/// case with its requirements, steps, verdict and evidence. One self-contained page, everything escaped, no script.
/// </summary>
public static class HtmlReport
{
    public static string Write(ConformanceReport report)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <title>OpenMSS conformance report: {E(report.Product)} ({E(report.Profile)})</title>
            <style>{Style}</style></head><body>
            <h1>Conformance report — {E(report.Mode == "lps" ? "LPS" : "operator")} mode</h1>
            <table>
            <tr><th>Product</th><td>{E(report.Product)}</td></tr>
            <tr><th>NIL</th><td>{E(report.Nil ?? "not declared")}</td></tr>
            <tr><th>Profile</th><td>{E(report.Profile)}</td></tr>
            <tr><th>Date</th><td>{report.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({(report.Finished - report.Started).TotalSeconds:0} s)</td></tr>
            <tr><th>Result</th><td>{report.Count(Outcome.Passed)} passed, {report.Count(Outcome.Failed)} failed, {report.Count(Outcome.NotRun)} not run</td></tr>
            <tr><th>Compliance level</th><td class="level">Niveau {report.Level}{(report.Proven ? "" : " — not proven: a blocking or critical case failed or was not run")}</td></tr>
            </table>
            <p>Niveau 1: no blocking or critical non-conformity; Niveau 2: blocking non-conformities; Niveau 3: critical non-conformities (MSSanté compliance levels).</p>
            <h2>Cases</h2>
            <table><tr><th>Case</th><th>Requirements</th><th>Severity</th><th>Verdict</th></tr>
            """);
        foreach (var result in report.Results)
        {
            var css = result.Outcome switch { Outcome.Passed => "passed", Outcome.Failed => "failed", _ => "notrun" };
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr id="{E(result.Case.Id)}"><td><strong>{E(result.Case.Id)}</strong> {E(result.Case.Title)}{(result.Case.Kind == CaseKind.Attestation ? " <em>(attestation)</em>" : "")}
                <details><summary>Steps, verdict and evidence</summary>
                <p><strong>Steps:</strong> {E(result.Case.Steps)}</p>
                <p><strong>Verdict:</strong> {E(result.Summary)}</p>
                {string.Concat(result.Evidence.Select(e => $"<p>{E(e.Source)}</p><pre>{E(e.Excerpt)}</pre>"))}
                </details></td>
                <td>{E(string.Join(", ", result.Case.Requirements))}</td><td>{E(JsonReport.Name(result.Case.Severity))}</td><td class="{css}">{E(JsonReport.Name(result.Outcome))}</td></tr>
                """);
        }

        html.Append("</table></body></html>\n");
        return html.ToString();
    }

    private const string Style = """
        body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1b1b1b; }
        table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
        .passed { color: #11691f; } .failed { color: #a40e26; font-weight: bold; } .notrun { color: #6b6b6b; }
        pre { background: #f5f5f5; padding: .5rem; overflow-x: auto; font-size: 13px; } details { margin: .2rem 0 .8rem; }
        .level { font-size: 1.3rem; font-weight: bold; }
        """;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
