using System.Text;
using OpenMss.Lps.Sessions;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>From the operator's own codes to the action the application takes (spec §3.7, §13 #1).</summary>
public sealed class ResponseClassifierTests
{
    private static string Challenge(string status) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"status\":\"{status}\",\"schemes\":\"bearer\",\"scope\":\"openid scope_all\"}}"));

    [Theory]
    [InlineData("A1 NO [AUTHENTICATIONFAILED] Authentication failed.", true, "TokenRefused", "NO [AUTHENTICATIONFAILED]")]
    [InlineData("A1 NO [EXPIRED] Token expired.", true, "TokenRefused", "NO [EXPIRED]")]
    [InlineData("A1 NO [AUTHORIZATIONFAILED] Not authorised on this BAL.", true, "NotAuthorized", "NO [AUTHORIZATIONFAILED]")]
    [InlineData("A1 NO [UNAVAILABLE] PSC cannot be reached.", true, "Unavailable", "NO [UNAVAILABLE]")]
    [InlineData("A1 NO [PRIVACYREQUIRED] STARTTLS first.", true, "Configuration", "NO [PRIVACYREQUIRED]")]
    [InlineData("A1 NO Authentication failed.", true, "TokenRefused", "NO")]
    [InlineData("A1 NO [AUTHENTICATIONFAILED] Bad certificate.", false, "NotAuthorized", "NO [AUTHENTICATIONFAILED]")]
    [InlineData("* BYE [UNAVAILABLE] Shutting down.", true, "SessionEnded", "BYE [UNAVAILABLE]")]
    public void Imap_authentication_refusals(string line, bool token, string kind, string code)
    {
        var verdict = ResponseClassifier.Authentication(MailProtocol.Imap, ["* CAPABILITY IMAP4rev1", line], token);
        (verdict.Kind, verdict.Code).ShouldBe((Enum.Parse<VerdictKind>(kind), code));
    }

    [Theory]
    [InlineData("535 5.7.8 Authentication credentials invalid.", true, "TokenRefused", "535 5.7.8")]
    [InlineData("454 4.7.0 Temporary authentication failure.", true, "Unavailable", "454 4.7.0")]
    [InlineData("538 5.7.11 Encryption required.", true, "Configuration", "538 5.7.11")]
    [InlineData("504 5.5.4 Unrecognized authentication type.", true, "Configuration", "504 5.5.4")]
    [InlineData("534 5.7.9 Mechanism too weak.", false, "Configuration", "534 5.7.9")]
    [InlineData("535 5.7.8 Certificate not accepted.", false, "NotAuthorized", "535 5.7.8")]
    [InlineData("421 4.7.0 Closing.", true, "SessionEnded", "421 4.7.0")]
    public void Submission_authentication_refusals(string line, bool token, string kind, string code)
    {
        var verdict = ResponseClassifier.Authentication(MailProtocol.Submission, ["250 AUTH XOAUTH2", line], token);
        (verdict.Kind, verdict.Code).ShouldBe((Enum.Parse<VerdictKind>(kind), code));
    }

    [Theory]
    [InlineData("Imap", "+ ", "A1 NO [AUTHENTICATIONFAILED] Authentication failed.")]
    [InlineData("Submission", "334 ", "535 5.7.8 Authentication credentials invalid.")]
    public void The_xoauth2_error_challenge_tells_a_refused_token_from_an_identity_not_allowed(string name, string prefix, string final)
    {
        var protocol = Enum.Parse<MailProtocol>(name);
        ResponseClassifier.Authentication(protocol, [prefix + Challenge("401"), final], true).Kind.ShouldBe(VerdictKind.TokenRefused);
        ResponseClassifier.Authentication(protocol, [prefix + Challenge("403"), final], true).Kind.ShouldBe(VerdictKind.NotAuthorized);
    }

    [Fact]
    public void Command_refusals_keep_their_code_and_temporary_ones_are_unavailable()
    {
        ResponseClassifier.Command(MailProtocol.Submission, ["550 5.1.1 No such BAL."]).ShouldBe(new Verdict(VerdictKind.Refused, "550 5.1.1", "No such BAL."));
        ResponseClassifier.Command(MailProtocol.Submission, ["451 4.3.0 Try later."]).Kind.ShouldBe(VerdictKind.Unavailable);
        ResponseClassifier.Command(MailProtocol.Imap, ["A9 NO [OVERQUOTA] Full."]).ShouldBe(new Verdict(VerdictKind.Refused, "NO [OVERQUOTA]", "Full."));
        ResponseClassifier.Ended(MailProtocol.Imap, ["* BYE [EXPIRED] reconnect"]).ShouldBeTrue();
        ResponseClassifier.Ended(MailProtocol.Submission, ["421 4.4.2 Timeout"]).ShouldBeTrue();
    }

    [Fact]
    public void Hostile_server_lines_are_classified_without_failing()
    {
        var random = new Random(1213);
        string[] seeds = ["A1 NO [AUTHENTICATIONFAILED] x", "+ " + Challenge("403"), "535 5.7.8 no", "334 " + Challenge("401"), "* BYE [EXPIRED] bye"];
        var alphabet = "[]+ *\"{}:0123456789ABNOY.\r\n"u8.ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var line = Encoding.Latin1.GetString(FuzzMutator.Mutate(random, seeds[i % seeds.Length], alphabet));
            foreach (var protocol in new[] { MailProtocol.Imap, MailProtocol.Submission })
            {
                ResponseClassifier.Authentication(protocol, [line], i % 2 == 0).ShouldNotBeNull();
                ResponseClassifier.Command(protocol, [line]).ShouldNotBeNull();
            }

            Should.NotThrow(() => OpenMss.Lps.PscAccessToken.FromJwt("a." + Convert.ToBase64String(Encoding.Latin1.GetBytes(line)) + ".c", DateTimeOffset.UnixEpoch));
        }
    }
}

/// <summary>The recorder keeps the operator's last lines whatever came before, in any chunking.</summary>
public sealed class ResponseRecorderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(30000)]
    public void The_last_lines_survive_a_large_response_cut_in_any_chunks(int chunk)
    {
        var recorder = new ResponseRecorder(null);
        var body = string.Concat(Enumerable.Range(0, 2000).Select(i => $"S: body line {i}\r\n"));
        var bytes = Encoding.ASCII.GetBytes("* 1 FETCH (BODY[] {…}\r\n" + body + ")\r\nA7 NO [UNAVAILABLE] Store busy.\r\n* partial");
        for (var at = 0; at < bytes.Length; at += chunk)
        {
            recorder.LogServer(bytes, at, Math.Min(chunk, bytes.Length - at));
        }

        var lines = recorder.Lines;
        lines.Count.ShouldBe(8);
        lines[^1].ShouldBe("A7 NO [UNAVAILABLE] Store busy.");
        lines[^2].ShouldBe(")");
        lines[^3].ShouldBe("S: body line 1999");
        ResponseClassifier.Command(MailProtocol.Imap, lines).Kind.ShouldBe(VerdictKind.Unavailable);
        recorder.Clear();
        recorder.Lines.ShouldBeEmpty();
    }
}
