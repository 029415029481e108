using System.Text.RegularExpressions;
using System.Xml.Linq;
using OpenMss.TestSupport;

namespace OpenMss.Conformance.Tests;

/// <summary>
/// Whole runs of the LPS mode in scripted mode (as an editor's CI runs it): OpenMSS's SDK passes every case of both
/// profiles, and the reports and transcripts say so without a secret in them.
/// </summary>
[Collection("lps runs")]
public sealed partial class LpsModeTests
{
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();

    [Theory]
    [InlineData("per-org", 27)]
    [InlineData("app", 26)]
    public async Task The_sdk_passes_every_case_of_the_profile(string profile, int cases)
    {
        using var directory = new TempDirectory();

        var run = await LpsRun.StartAsync(directory, profile, $"python3 {Path.Combine(LpsRun.Clients, "openmss_lps.py")}", "--nil", "NIL-SDK-1", "--product", "OpenMSS SDK");

        run.Cases("failed").ShouldBeEmpty(run.Output);
        run.Cases("not run").ShouldBeEmpty(run.Output);
        run.Cases("passed").Count.ShouldBe(cases);
        run.ExitCode.ShouldBe(0, run.Output);
        run.Report.RootElement.GetProperty("level").GetInt32().ShouldBe(1);
        var junit = XDocument.Load(Path.Combine(run.Directory, "junit.xml")).Root!.Element("testsuite")!;
        junit.Attribute("failures")!.Value.ShouldBe("0");
        junit.Attribute("tests")!.Value.ShouldBe(cases.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.ReadAllText(Path.Combine(run.Directory, "report.html")).ShouldContain("Niveau 1");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(run.Directory, "conformance.json")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite, "it lists the PSC sandbox clients' secrets");
        }

        // Every session and DNS question is kept as evidence, and no token, password or body in it.
        var transcripts = Directory.GetFiles(Path.Combine(run.Directory, "transcripts"));
        transcripts.Length.ShouldBeGreaterThan(10);
        foreach (var file in transcripts)
        {
            var text = await File.ReadAllTextAsync(file);
            Jwt().IsMatch(text).ShouldBeFalse(file);
            text.ShouldNotContain("Volet de synthèse médicale PAT-TROIS", Case.Sensitive, file); // the subject is kept in report evidence, never the body's text
        }

        (await File.ReadAllTextAsync(Path.Combine(run.Directory, "transcripts", "dns.txt"))).ShouldContain("SRV _imap._tcp.reference.mssante.test");
    }

    [Fact]
    public async Task Only_one_case_is_run_and_reported_when_asked()
    {
        using var directory = new TempDirectory();

        var run = await LpsRun.StartAsync(directory, "per-org", $"python3 {Path.Combine(LpsRun.Clients, "openmss_lps.py")}", "--only", "LPS-CERT-02");

        run.Cases("passed").ShouldBe(["LPS-CERT-02"]);
        run.Report.RootElement.GetProperty("cases").GetArrayLength().ShouldBe(1);
        run.ExitCode.ShouldBe(0, run.Output);
    }
}
