using System.Globalization;
using System.Xml.Linq;
using OpenMss.Conformance.Model;

namespace OpenMss.Conformance.Reports;

/// <summary>junit.xml: one testsuite for the run, one testcase per case; a failure per failed case, skipped for those not run.</summary>
public static class JunitReport
{
    public static string Write(ConformanceReport report)
    {
        var suite = new XElement(
            "testsuite",
            new XAttribute("name", $"openmss conformance {report.Mode} {report.Profile}"),
            new XAttribute("tests", report.Results.Count),
            new XAttribute("failures", report.Count(Outcome.Failed)),
            new XAttribute("skipped", report.Count(Outcome.NotRun)),
            new XAttribute("timestamp", report.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XAttribute("time", (report.Finished - report.Started).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)),
            new XElement("properties",
                new XElement("property", new XAttribute("name", "product"), new XAttribute("value", report.Product)),
                new XElement("property", new XAttribute("name", "nil"), new XAttribute("value", report.Nil ?? "")),
                new XElement("property", new XAttribute("name", "level"), new XAttribute("value", $"Niveau {report.Level}"))),
            report.Results.Select(Case));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite)).ToString();
    }

    private static XElement Case(CaseResult result)
    {
        var element = new XElement(
            "testcase",
            new XAttribute("classname", $"{result.Case.Id} ({JsonReport.Name(result.Case.Severity)})"),
            new XAttribute("name", $"{result.Case.Id} {result.Case.Title} [{string.Join(", ", result.Case.Requirements)}]"));
        var details = result.Summary + "\n\n" + string.Join("\n\n", result.Evidence.Select(e => $"{e.Source}:\n{e.Excerpt}"));
        switch (result.Outcome)
        {
            case Outcome.Failed:
                element.Add(new XElement("failure", new XAttribute("message", result.Summary), new XAttribute("type", JsonReport.Name(result.Case.Severity)), details));
                break;
            case Outcome.NotRun:
                element.Add(new XElement("skipped", new XAttribute("message", result.Summary)));
                break;
            default:
                element.Add(new XElement("system-out", details));
                break;
        }

        return element;
    }
}
