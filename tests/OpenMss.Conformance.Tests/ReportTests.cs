using System.Text.Json;
using System.Xml.Linq;
using OpenMss.Conformance.Model;
using OpenMss.Conformance.Reports;

namespace OpenMss.Conformance.Tests;

/// <summary>The compliance level and the three report files, from hand-made verdicts.</summary>
public sealed class ReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static CaseResult Result(string id, Severity severity, Outcome outcome, CaseKind kind = CaseKind.Observed) =>
        new(new ConformanceCase(id, $"Title of {id} <b>", ["ECO.1.0.1"], severity, kind, "Do <this> & that."), outcome, $"Summary of {id} <script>alert(1)</script>", [new Evidence("imap-psc session 1", "C: a1 STARTTLS\nS: a1 OK <done>")]);

    [Fact]
    public void The_level_follows_the_gravest_failed_severity()
    {
        ComplianceLevel.Of([Result("A", Severity.Blocking, Outcome.Passed), Result("B", Severity.Minor, Outcome.Failed)]).ShouldBe(1);
        ComplianceLevel.Of([Result("A", Severity.Blocking, Outcome.Failed), Result("B", Severity.Minor, Outcome.Failed)]).ShouldBe(2);
        ComplianceLevel.Of([Result("A", Severity.Blocking, Outcome.Failed), Result("B", Severity.Critical, Outcome.Failed)]).ShouldBe(3);
    }

    [Fact]
    public void A_run_is_proven_only_without_blocking_or_critical_failures_or_observed_holes()
    {
        ComplianceLevel.Proven([Result("A", Severity.Blocking, Outcome.Passed), Result("B", Severity.Minor, Outcome.Failed), Result("C", Severity.Minor, Outcome.NotRun)]).ShouldBeTrue();
        ComplianceLevel.Proven([Result("A", Severity.Critical, Outcome.NotRun, CaseKind.Attestation)]).ShouldBeTrue();
        ComplianceLevel.Proven([Result("A", Severity.Critical, Outcome.NotRun)]).ShouldBeFalse();
        ComplianceLevel.Proven([Result("A", Severity.Blocking, Outcome.Failed)]).ShouldBeFalse();
    }

    [Fact]
    public void Junit_counts_failures_and_skips_and_carries_the_evidence()
    {
        var report = Report();

        var suite = XDocument.Parse(JunitReport.Write(report)).Root!.Element("testsuite")!;
        suite.Attribute("tests")!.Value.ShouldBe("3");
        suite.Attribute("failures")!.Value.ShouldBe("1");
        suite.Attribute("skipped")!.Value.ShouldBe("1");
        var failed = suite.Elements("testcase").Single(c => c.Element("failure") is not null);
        failed.Attribute("name")!.Value.ShouldStartWith("B ");
        failed.Element("failure")!.Value.ShouldContain("a1 STARTTLS");
        suite.Element("properties")!.Elements().Single(p => p.Attribute("name")!.Value == "level").Attribute("value")!.Value.ShouldBe("Niveau 3");
    }

    [Fact]
    public void Json_gives_each_case_its_verdict_and_the_run_its_level()
    {
        using var json = JsonDocument.Parse(JsonReport.Write(Report()));
        var root = json.RootElement;

        root.GetProperty("level").GetInt32().ShouldBe(3);
        root.GetProperty("proven").GetBoolean().ShouldBeFalse();
        root.GetProperty("cases").EnumerateArray().Select(c => (c.GetProperty("id").GetString(), c.GetProperty("verdict").GetString(), c.GetProperty("severity").GetString()))
            .ShouldBe([("A", "passed", "blocking"), ("B", "failed", "critical"), ("C", "not run", "minor")]);
    }

    [Fact]
    public void Html_escapes_everything_the_client_could_have_written()
    {
        var html = HtmlReport.Write(Report());

        html.ShouldNotContain("<script>");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.ShouldContain("Niveau 3");
        html.ShouldContain("Product &lt;X&gt;");
        html.ShouldContain("default-src 'none'");
    }

    private static ConformanceReport Report() => new(
        "lps", "per-org", "Product <X>", "NIL-1", Start, Start.AddSeconds(42),
        [Result("A", Severity.Blocking, Outcome.Passed), Result("B", Severity.Critical, Outcome.Failed), Result("C", Severity.Minor, Outcome.NotRun)]);
}
