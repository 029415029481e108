using System.Net;
using System.Text.Json;
using OpenMss.TestSupport;

namespace OpenMss.Conformance.Tests;

/// <summary>One whole 'openmss conformance lps' run in scripted mode, with its exit code, output and report.json read back.</summary>
public sealed record LpsRun(int ExitCode, string Output, string Directory, JsonDocument Report)
{
    /// <summary>Every offset a run listens on: the fronts, DNS, PSC, CRL on 127.0.0.1; the operator and openssl s_server on 127.0.0.9.</summary>
    private static readonly int[] Offsets = [53, 80, 81, 143, 144, 443, 444, 587, 588, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2100];

    private static readonly IPAddress[] Hosts = [IPAddress.Loopback, IPAddress.Parse("127.0.0.9")];

    /// <summary>
    /// Whole runs listen on 20 ports spread over 2,100: they take the band above the kernel's ephemeral range
    /// (32768-60999), where neither client sockets nor the other tests' servers (11000-32000) are.
    /// </summary>
    private const int FromPort = 61_000;

    private const int BelowPort = 65_535;

    public static readonly string Clients = Path.Combine(Repository.Root, "tests", "conformance-clients");

    public static async Task<LpsRun> StartAsync(TempDirectory directory, string profile, string runCommand, params string[] more)
    {
        var attestations = directory.Combine("attestations.json");
        await File.WriteAllTextAsync(attestations, """{"LPS-ATT-01": {"yes": true, "comment": "in memory only"}, "LPS-ATT-02": {"yes": true}, "LPS-ATT-03": {"yes": true}}""");
        var output = directory.Combine("run");
        var result = await ProcessRunner.RunAsync(
            Repository.Wrapper,
            ["conformance", "lps", "--profile", profile, "--out", output, "--attestations", attestations, "--run", runCommand,
                "--ports-base", Repository.FreePortBase(Offsets, Hosts, FromPort, BelowPort).ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "420", .. more],
            // The client runs one `openmss lps` process per step: about 40 s alone, several minutes while the whole
            // suite loads the machine. The tool's own bound on it (420 s) and this one (beyond it, with room for the
            // tool's setup) are for a hung client, not a slow one.
            timeout: TimeSpan.FromMinutes(10),
            environment: new Dictionary<string, string> { ["OPENMSS_BIN"] = Repository.Wrapper });
        var report = Path.Combine(output, "report.json");
        File.Exists(report).ShouldBeTrue($"no report.json; exit {result.ExitCode}: {result.Out}\n{result.Error}");
        return new LpsRun(result.ExitCode, result.Out + result.Error, output, JsonDocument.Parse(await File.ReadAllTextAsync(report)));
    }

    public IReadOnlyList<string> Cases(string verdict) =>
        [.. Report.RootElement.GetProperty("cases").EnumerateArray().Where(c => c.GetProperty("verdict").GetString() == verdict).Select(c => c.GetProperty("id").GetString()!)];
}
