using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>The SDK guide's quick start, built as a program, run as written against its own <c>openmss sandbox</c> (its BALs hold nothing else).</summary>
public sealed class QuickStartTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task The_quick_start_of_the_sdk_guide_runs_as_written()
    {
        var sandbox = fixture.Sandbox;
        var program = Path.Combine(Repository.Root, "artifacts", "bin", "OpenMss.Lps.QuickStart", "release", "OpenMss.Lps.QuickStart.dll");
        var run = await ProcessRunner.RunAsync("dotnet", [program], timeout: TimeSpan.FromMinutes(3), environment: new Dictionary<string, string>
        {
            ["MSS_ROOTS"] = sandbox.Ca,
            ["MSS_DNS"] = sandbox.Dns.ToString(),
            ["MSS_TOKEN_COMMAND"] = $"'{Repository.Wrapper}' psc token --sandbox '{sandbox.Data}' --idnat {SandboxProcess.PerHolder}",
            ["MSS_APP_CERT"] = sandbox.AppCertificate,
            ["MSS_APP_KEY"] = sandbox.AppKey,
            ["MSS_ROUNDS"] = "3",
        });

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]).ShouldBe(
            Enumerable.Range(1, 3).Select(i => $"Compte rendu {i} from {SandboxProcess.Per}"));
    }
}
