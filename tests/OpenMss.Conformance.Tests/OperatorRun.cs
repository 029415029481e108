using System.Globalization;
using System.Text.Json;
using OpenMss.TestSupport;

namespace OpenMss.Conformance.Tests;

/// <summary>One 'openmss conformance operator' run against a sandbox's operator A (or something in front of it), read back from report.json.</summary>
public sealed record OperatorRun(int ExitCode, string Output, JsonDocument Report)
{
    public static async Task<OperatorRun> StartAsync(SandboxProcess sandbox, TempDirectory directory, string imap, string submission, bool everything, params string[] more)
    {
        var psc = $"{Repository.Wrapper} psc";
        var operatorA = sandbox.Manifest.GetProperty("operators")[0];
        List<string> arguments =
        [
            "conformance", "operator", "--imap", imap, "--submission", submission, "--bal", SandboxProcess.Per,
            "--token-command", $"{psc} token --sandbox {sandbox.Data} --idnat {SandboxProcess.PerHolder}",
            "--other-token-command", $"{psc} token --sandbox {sandbox.Data} --idnat {SandboxProcess.Colleague}",
            "--revoke-command", $"{psc} logout --sandbox {sandbox.Data}",
            "--ca", sandbox.Ca, "--out", directory.Combine("report"), "--max-wait", "60",
        ];
        if (everything)
        {
            var pki = Path.GetDirectoryName(sandbox.Ca)!;
            var other = await ProcessRunner.RunAsync(Repository.Wrapper, ["pki", "issue-client", "--pki", pki, "--name", "other-" + Guid.NewGuid().ToString("N")[..8], "--cn", "Autre structure", "--idnatstruc", "1990000009", "--org", "Autre structure de test", "--st", "Lyon (69)"]);
            other.ExitCode.ShouldBe(0, other.Error);
            var otherName = other.Out.Split(' ').First(w => w.EndsWith(".pem", StringComparison.Ordinal));
            arguments.AddRange(
            [
                "--imap-authcli", operatorA.GetProperty("imap").GetProperty("authcli").GetString()!,
                "--submission-authcli", operatorA.GetProperty("submission").GetProperty("authcli").GetString()!,
                "--app-bal", SandboxProcess.App, "--cert", sandbox.AppCertificate, "--key", sandbox.AppKey,
                "--other-cert", otherName, "--other-key", Path.ChangeExtension(otherName, ".key"),
                "--dns", sandbox.Dns.ToString(), "--domain", SandboxProcess.Domain,
            ]);
        }

        arguments.AddRange(more);
        var result = await ProcessRunner.RunAsync(Repository.Wrapper, arguments, timeout: TimeSpan.FromMinutes(4));
        var report = directory.Combine("report", "report.json");
        File.Exists(report).ShouldBeTrue($"no report.json; exit {result.ExitCode}: {result.Out}\n{result.Error}");
        return new OperatorRun(result.ExitCode, result.Out + result.Error, JsonDocument.Parse(await File.ReadAllTextAsync(report)));
    }

    public IReadOnlyList<string> Cases(string verdict) =>
        [.. Report.RootElement.GetProperty("cases").EnumerateArray().Where(c => c.GetProperty("verdict").GetString() == verdict).Select(c => c.GetProperty("id").GetString()!)];

    public static string Front(SandboxProcess sandbox, string protocol) =>
        sandbox.Manifest.GetProperty("operators")[0].GetProperty(protocol).GetProperty("psc").GetString()!;

    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
