using OpenMss.TestSupport;

namespace OpenMss.Conformance.Tests;

/// <summary>
/// Proof that the cases can fail: the python mini LPS passes every case of the per-org profile, and each of its
/// faulty variants (one fault each) fails exactly the cases its fault breaks, and no other.
/// </summary>
[Collection("lps runs")]
public sealed class FaultyClientTests
{
    [Theory]
    [InlineData("mini_lps.py", "")]
    [InlineData("faulty_no_nil.py", "LPS-HDR-01")]
    [InlineData("faulty_auth_before_starttls.py", "LPS-TLS-01 LPS-TLS-02")]
    [InlineData("faulty_any_certificate.py", "LPS-CERT-01 LPS-CERT-02 LPS-CERT-03 LPS-CERT-04")]
    [InlineData("faulty_loop_on_authfailed.py", "LPS-ERR-01")]
    [InlineData("faulty_never_reopen.py", "LPS-SES-01")]
    [InlineData("faulty_wrong_xoauth2.py", "LPS-AUTH-01")]
    [InlineData("faulty_wrong_codecda.py", "LPS-HDR-02")]
    [InlineData("faulty_ignore_logout.py", "LPS-SES-03")]
    public async Task Each_fault_fails_exactly_its_cases(string client, string failing)
    {
        using var directory = new TempDirectory();

        var run = await LpsRun.StartAsync(directory, "per-org", $"python3 {Path.Combine(LpsRun.Clients, client)}");

        run.Cases("failed").ShouldBe(failing.Split(' ', StringSplitOptions.RemoveEmptyEntries), ignoreOrder: true, run.Output);
        run.Cases("not run").ShouldBeEmpty(run.Output);
        run.ExitCode.ShouldBe(failing.Length == 0 ? 0 : 1, run.Output);
    }
}
