using System.Diagnostics;
using OpenMss.TestSupport;

namespace OpenMss.Conformance.Tests;

/// <summary>A sandbox whose tokens live 10 s and IMAP sessions 15 s, so that the checks that wait for them finish quickly.</summary>
public sealed class ShortLivedSandbox : IAsyncLifetime
{
    public SandboxProcess Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string> { ["Psc:AccessTokenLifetime"] = "00:00:10", ["Imap:Limits:SessionLifetime"] = "00:00:15" });

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();
}

/// <summary>
/// The operator mode from outside: OpenMSS passes every check; a front that lets TLS 1.1 and CBC suites through fails
/// exactly those checks; an operator whose token cache outlives a PSC logout fails the revocation check.
/// </summary>
[Collection("operator runs")]
public sealed class OperatorModeTests(ShortLivedSandbox fixture) : IClassFixture<ShortLivedSandbox>
{
    [Fact]
    public async Task OpenMss_passes_every_check()
    {
        using var directory = new TempDirectory();
        var sandbox = fixture.Sandbox;

        var run = await OperatorRun.StartAsync(sandbox, directory, OperatorRun.Front(sandbox, "imap"), OperatorRun.Front(sandbox, "submission"), everything: true);

        run.Cases("failed").ShouldBeEmpty(run.Output);
        run.Cases("not run").ShouldBeEmpty(run.Output);
        run.Cases("passed").Count.ShouldBe(15);
        run.ExitCode.ShouldBe(0, run.Output);
    }

    [Fact]
    public async Task A_front_allowing_tls_1_1_fails_the_protocol_and_suite_checks_and_no_other()
    {
        using var directory = new TempDirectory();
        var sandbox = fixture.Sandbox;
        var pki = Path.GetDirectoryName(sandbox.Ca)!;
        var (imapPort, submissionPort) = (Repository.FreePort(), Repository.FreePort());
        var fronts = new[] { (imapPort, "imap", OperatorRun.Front(sandbox, "imap")), (submissionPort, "smtp", OperatorRun.Front(sandbox, "submission")) }
            .Select(f => ProcessRunner.Start("python3", [Path.Combine(LpsRun.Clients, "legacy_tls_front.py"), "--listen", OperatorRun.Port(f.Item1), "--backend", f.Item3, "--protocol", f.Item2, "--cert", Path.Combine(pki, "server.pem"), "--key", Path.Combine(pki, "server.key")], directory.Path))
            .ToList();
        try
        {
            foreach (var (front, port) in fronts.Zip(new[] { imapPort, submissionPort }))
            {
                await Repository.WaitForPortAsync(port, front);
            }

            var run = await OperatorRun.StartAsync(sandbox, directory, $"127.0.0.1:{OperatorRun.Port(imapPort)}", $"127.0.0.1:{OperatorRun.Port(submissionPort)}", everything: false);

            run.Cases("failed").ShouldBe(["OP-TLS-03", "OP-TLS-04"], ignoreOrder: true, run.Output);
            run.Cases("not run").ShouldBe(["OP-APP-01", "OP-SRV-01"], ignoreOrder: true, run.Output);
            run.ExitCode.ShouldBe(1);
        }
        finally
        {
            foreach (var front in fronts)
            {
                front.Kill(entireProcessTree: true);
                await front.WaitForExitAsync();
                front.Dispose();
            }
        }
    }
}

/// <summary>
/// Revocation with PSC's own token lifetime (2 minutes), where the token's expiry cannot hide a cache: OpenMSS's
/// validation cache (10 s) sees a PSC logout within the window; configured to keep results 10 minutes, it does not.
/// </summary>
[Collection("operator runs")]
public sealed class RevocationTests
{
    [Theory]
    [InlineData(null, "passed")]
    [InlineData("00:10:00", "failed")]
    public async Task A_logout_is_seen_unless_the_cache_outlives_it(string? cache, string verdict)
    {
        using var directory = new TempDirectory();
        await using var sandbox = await SandboxProcess.StartAsync(cache is null ? null : new Dictionary<string, string> { ["Psc:MaxCacheTime"] = cache });

        var run = await OperatorRun.StartAsync(sandbox, directory, OperatorRun.Front(sandbox, "imap"), OperatorRun.Front(sandbox, "submission"), everything: false, "--only", "OP-AUTH-05");

        run.Cases(verdict).ShouldBe(["OP-AUTH-05"], run.Output);
    }
}
