using OpenMss.Pki;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

/// <summary>TLS on the fronts, seen by openssl: sessions resume on the PSC fronts, never where a client certificate is checked.</summary>
public abstract partial class ApiLpsEndToEnd
{
    [Fact]
    public async Task Tls13_sessions_resume_on_the_psc_fronts_but_not_where_a_certificate_authenticates()
    {
        using var sessions = new TempDirectory();
        foreach (var (port, starttls) in new[] { (Ports.SubmissionPsc, "smtp"), (Ports.ImapPsc, "imap") })
        {
            var file = sessions.Combine($"{starttls}.pem");
            (await SClientAsync(port, starttls, ["-sess_out", file])).ShouldContain("New, TLSv1.3");
            (await SClientAsync(port, starttls, ["-sess_in", file])).ShouldContain("Reused, TLSv1.3", customMessage: $"{starttls} PSC front");
        }

        var certificate = Pki.ClientCertificate(TestPki.DefaultClientName);
        string[] client = ["-cert", certificate, "-key", Pki.ClientKey(TestPki.DefaultClientName), "-cert_chain", certificate];
        var cli = sessions.Combine("authcli.pem");
        (await SClientAsync(Ports.SubmissionAuthCli, "smtp", [.. client, "-sess_out", cli])).ShouldContain("New, TLSv1.3");
        (await SClientAsync(Ports.SubmissionAuthCli, "smtp", [.. client, "-sess_in", cli])).ShouldContain("New, TLSv1.3", customMessage: "a resumed session would skip the certificate's check");

        (await SClientAsync(Ports.SubmissionPsc, "smtp", ["-tls1_2"])).ShouldMatch("New, TLSv1\\.2, Cipher is ECDHE-\\w+-AES\\d+-GCM-SHA\\d+");
        (await SClientAsync(Ports.SubmissionPsc, "smtp", ["-tls1_2", "-cipher", "ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA"])).ShouldContain("New, (NONE)", customMessage: "CBC suites stay refused");
    }

    private static async Task<string> SClientAsync(int port, string starttls, string[] options)
    {
        var result = await ProcessRunner.RunAsync(
            "bash",
            ["-c", $"(sleep 0.5; printf '{(starttls == "smtp" ? "QUIT" : "a LOGOUT")}\\r\\n') | openssl s_client -starttls {starttls} -connect 127.0.0.1:{Port(port)} -CAfile \"$0\" -ign_eof \"$@\" 2>&1", Pki.TrustAnchor, .. options],
            timeout: TimeSpan.FromSeconds(30));
        return result.Out;
    }
}
