using OpenMss.Conformance.Model;

namespace OpenMss.Conformance.Reports;

/// <summary>Writes a run's three reports into a directory: report.html for people, report.json for scripts, junit.xml for CI.</summary>
public static class ReportFiles
{
    public static void Write(ConformanceReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        Atomic(Path.Combine(directory, "report.json"), JsonReport.Write(report));
        Atomic(Path.Combine(directory, "junit.xml"), JunitReport.Write(report));
        Atomic(Path.Combine(directory, "report.html"), HtmlReport.Write(report));
    }

    private static void Atomic(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
