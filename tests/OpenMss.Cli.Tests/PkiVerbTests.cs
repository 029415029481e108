using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

public sealed class PkiVerbTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Init_then_issue_client_make_certificates_openssl_accepts()
    {
        var pki = _directory.Combine("pki");

        var init = await Cli.RunAsync("pki", "init", "--out", pki, "--host", "localhost", "--host", "127.0.0.1", "--idnatstruc", "1130000001", "--org", "CH Marseille Test", "--st", "Bouches-du-Rhône (13)");
        var issue = await Cli.RunAsync("pki", "issue-client", "--pki", pki, "--name", "labo", "--cn", "Automate", "--idnatstruc", "312345678901234", "--org", "Labo", "--st", "Paris (75)");

        init.ExitCode.ShouldBe(0, init.Error);
        init.Out.ShouldStartWith("Test PKI created in ");
        issue.ExitCode.ShouldBe(0, issue.Error);
        var subject = await ProcessRunner.RunAsync("openssl", ["x509", "-in", Path.Combine(pki, "app.pem"), "-noout", "-subject", "-nameopt", "RFC2253,-esc_msb"]);
        subject.Out.Trim().ShouldBe("subject=CN=OpenMSS TEST Logiciel DPI,OU=1130000001,O=CH Marseille Test,ST=Bouches-du-Rhône (13),C=FR");
        var verify = await ProcessRunner.RunAsync("openssl", ["verify", "-CAfile", Path.Combine(pki, "ca.pem"), "-untrusted", Path.Combine(pki, "org-ca.pem"), Path.Combine(pki, "labo.pem")]);
        verify.ExitCode.ShouldBe(0, verify.Error);
    }

    [Fact]
    public async Task Refusals_are_one_sentence_with_exit_1()
    {
        var pki = _directory.Combine("pki");
        await Cli.RunAsync("pki", "init", "--out", pki);

        var again = await Cli.RunAsync("pki", "init", "--out", pki);
        var badSt = await Cli.RunAsync("pki", "issue-client", "--pki", pki, "--name", "x", "--cn", "X", "--idnatstruc", "1750000001", "--org", "O", "--st", "Paris");
        var noPki = await Cli.RunAsync("pki", "issue-client", "--pki", _directory.Combine("none"), "--name", "x", "--cn", "X", "--idnatstruc", "1750000001", "--org", "O", "--st", "Paris (75)");
        var missing = await Cli.RunAsync("pki", "init");

        again.ExitCode.ShouldBe(1);
        again.ErrorLines.ShouldHaveSingleItem().ShouldContain("holds a test PKI already");
        badSt.ExitCode.ShouldBe(1);
        badSt.ErrorLines.ShouldHaveSingleItem().ShouldContain("is not a département");
        noPki.ExitCode.ShouldBe(1);
        noPki.ErrorLines.ShouldHaveSingleItem().ShouldContain("holds no test PKI");
        missing.ExitCode.ShouldBe(2);
        File.Exists(Path.Combine(pki, "x.pem")).ShouldBeFalse();
    }
}
