using System.Text.Encodings.Web;
using System.Text.Json;
using OpenMss.Conformance.Model;

namespace OpenMss.Conformance.Reports;

/// <summary>report.json: the run and every case with its verdict and evidence, camelCase, for scripts.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(ConformanceReport report) => JsonSerializer.Serialize(
        new
        {
            report.Mode,
            report.Profile,
            report.Product,
            report.Nil,
            report.Started,
            report.Finished,
            Level = report.Level,
            Proven = report.Proven,
            Passed = report.Count(Outcome.Passed),
            Failed = report.Count(Outcome.Failed),
            NotRun = report.Count(Outcome.NotRun),
            Cases = report.Results.Select(r => new
            {
                r.Case.Id,
                r.Case.Title,
                r.Case.Requirements,
                Severity = Name(r.Case.Severity),
                Kind = r.Case.Kind == CaseKind.Attestation ? "attestation" : "observed",
                r.Case.Steps,
                Verdict = Name(r.Outcome),
                r.Summary,
                Evidence = r.Evidence.Select(e => new { e.Source, e.Excerpt }),
            }),
        },
        Options);

    public static string Name(Severity severity) => severity switch
    {
        Severity.Blocking => "blocking",
        Severity.Critical => "critical",
        _ => "minor",
    };

    public static string Name(Outcome outcome) => outcome switch
    {
        Outcome.Passed => "passed",
        Outcome.Failed => "failed",
        _ => "not run",
    };
}
