using System.Text.Json;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>
/// <c>openmss lps autoconfig|send|fetch</c> through the ./openmss wrapper against the sandbox process, as DESIGN.md §5
/// gives them and as scripts call them: a token command for PER/ORG, a certificate for APP, the sandbox's DNS.
/// </summary>
[Collection("sandbox")]
public sealed class LpsVerbTests(SandboxFixture fixture) : IDisposable
{
    private readonly TempDirectory _directory = new();

    private SandboxProcess Sandbox => fixture.Sandbox;

    public void Dispose() => _directory.Dispose();

    private Task<ProcessRunner.Result> Lps(params string[] args) => ProcessRunner.RunAsync(Repository.Wrapper, ["lps", .. args], _directory.Path, TimeSpan.FromMinutes(2));

    [Fact]
    public async Task Autoconfig_prints_the_fronts_of_each_type_and_says_why_it_found_none()
    {
        var dns = Sandbox.Dns.ToString();
        var per = await Lps("autoconfig", SandboxProcess.Per, "--type", "PER", "--dns", dns);
        var app = await Lps("autoconfig", SandboxProcess.App, "--type", "app", "--dns", dns);
        var none = await Lps("autoconfig", "x@absent.mssante.test", "--type", "PER", "--dns", dns);
        var badType = await Lps("autoconfig", SandboxProcess.App, "--type", "CAB", "--dns", dns);

        per.ExitCode.ShouldBe(0, per.Error);
        var json = JsonDocument.Parse(per.Out).RootElement;
        json.GetProperty("imap").GetProperty("host").GetString().ShouldBe("imap-psc." + SandboxProcess.Domain);
        json.GetProperty("submission").GetProperty("port").GetInt32().ShouldBe(int.Parse(Sandbox.Manifest.GetProperty("operators")[0].GetProperty("submission").GetProperty("psc").GetString()!.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
        JsonDocument.Parse(app.Out).RootElement.GetProperty("imap").GetProperty("host").GetString().ShouldBe("imap-authcli." + SandboxProcess.Domain);
        (none.ExitCode, none.Error.Trim()).ShouldBe((1, "Autoconfiguration failed: _imap._tcp.absent.mssante.test has no SRV record of priority 10 (BAL PER); configure the endpoints by hand."));
        (badType.ExitCode, badType.Error.Trim()).ShouldBe((2, "--type CAB is not PER, ORG or APP."));
    }

    [Fact]
    public async Task Send_with_a_token_command_and_fetch_with_a_certificate_then_delete()
    {
        var dns = Sandbox.Dns.ToString();
        var body = _directory.Combine("body.txt");
        await File.WriteAllTextAsync(body, "Compte rendu de consultation.\n");
        var tokenCommand = $"'{Repository.Wrapper}' psc token --sandbox '{Sandbox.Data}' --idnat {SandboxProcess.PerHolder}";
        var subject = "CLI " + Guid.NewGuid();

        var sent = await Lps("send", "--from", SandboxProcess.Per, "--to", SandboxProcess.App, "--subject", subject, "--body", body, "--attach", body,
            "--end-exchange", "--read-receipt", "--nil", "DEV935997", "--token-command", tokenCommand, "--ca", Sandbox.Ca, "--dns", dns);
        sent.ExitCode.ShouldBe(0, sent.Error);
        var messageId = sent.Out.Trim();
        messageId.ShouldEndWith("@" + SandboxProcess.Domain);

        var outDir = _directory.Combine("out");
        var app = new[] { "--cert", Sandbox.AppCertificate, "--key", Sandbox.AppKey, "--ca", Sandbox.Ca, "--dns", dns };
        var fetched = await Lps(["fetch", SandboxProcess.App, "--out", outDir, "--delete", .. app]);
        var again = await Lps(["fetch", SandboxProcess.App, "--out", outDir, .. app]);

        fetched.ExitCode.ShouldBe(0, fetched.Error);
        var message = JsonDocument.Parse(fetched.Out).RootElement.EnumerateArray().Single(m => m.GetProperty("subject").GetString() == subject);
        message.GetProperty("messageId").GetString().ShouldBe(messageId);
        message.GetProperty("from").GetString().ShouldBe(SandboxProcess.Per);
        var file = await File.ReadAllTextAsync(message.GetProperty("file").GetString()!);
        file.ShouldContain("X-MSS-NIL: DEV935997\r\n");
        file.ShouldContain("X-MSS-MES: FIN\r\n");
        file.ShouldContain($"Disposition-Notification-To: {SandboxProcess.Per}\r\n");
        file.ShouldContain("filename=body.txt");
        JsonDocument.Parse(again.Out).RootElement.EnumerateArray().ShouldNotContain(m => m.GetProperty("subject").GetString() == subject);
    }

    [Fact]
    public async Task A_cda_sent_across_the_trust_space_arrives_as_an_xdm_that_inspects_sound()
    {
        var dns = Sandbox.Dns.ToString();
        var app = new[] { "--cert", Sandbox.AppCertificate, "--key", Sandbox.AppKey, "--ca", Sandbox.Ca, "--dns", dns };
        const string DpiAtB = "dpi@operateur-b.mssante.test";
        var cda = Path.Combine(Repository.Root, "testdata", "cda", "crbio.xml");

        var pdf = _directory.Combine("rendu.pdf");
        await File.WriteAllTextAsync(pdf, "%PDF-1.4\n%%EOF\n");

        var sent = await Lps(["send", "--from", SandboxProcess.App, "--to", DpiAtB, "--cda", cda, "--ddm-subject", "--pdf", pdf, "--nil", "DEV1", .. app]);
        sent.ExitCode.ShouldBe(0, sent.Error);
        var message = await FetchUntilAsync(DpiAtB, app, m => m.GetProperty("messageId").GetString() == sent.Out.Trim(), "the message did not reach operator B");

        message.GetProperty("subject").GetString().ShouldBe("XDM/1.0/DDM+Compte rendu d'examens biologiques PAT-TROIS DOMINIQUE 28/03/1979");
        var received = await MimeKit.MimeMessage.LoadAsync(message.GetProperty("file").GetString()!);
        (received.Headers["X-MSS-CODECDA"], received.Headers["X-MSS-INS"]).ShouldBe(("11502-2", "O"));
        received.Attachments.OfType<MimeKit.MimePart>().Select(p => p.FileName).ShouldBe(["IHE_XDM.ZIP", "20261127_CR_d_examens_biologiques_PAT_TROIS_DOMINIQUE.pdf"]);
        var json = await InspectAttachedXdmAsync(received);
        json.GetProperty("patientId").GetString().ShouldBe("279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH");
        json.GetProperty("documents")[0].GetProperty("code").GetString().ShouldBe("11502-2");
    }

    /// <summary>The issue's "done when": the CR-BIO responder's answer to a CDA, fetched with the CLI, inspects sound and its headers say what its document is.</summary>
    [Fact]
    public async Task A_cda_sent_to_the_crbio_responder_brings_back_an_xdm_that_inspects_sound_with_matching_headers()
    {
        var app = new[] { "--cert", Sandbox.AppCertificate, "--key", Sandbox.AppKey, "--ca", Sandbox.Ca, "--dns", Sandbox.Dns.ToString() };
        const string Responder = "crbio-xdm@repondeur.mssante.test";
        var sent = await Lps(["send", "--from", SandboxProcess.App, "--to", Responder, "--cda", Path.Combine(Repository.Root, "testdata", "cda", "vsm.xml"), "--ddm-subject", "--nil", "DEV1", .. app]);
        sent.ExitCode.ShouldBe(0, sent.Error);
        var question = sent.Out.Trim();

        var reply = await FetchUntilAsync(SandboxProcess.App, app,
            m => m.GetProperty("from").GetString() == Responder && MimeKit.MimeMessage.Load(m.GetProperty("file").GetString()!).InReplyTo == question.Trim('<', '>'),
            "the responder did not answer");
        var received = await MimeKit.MimeMessage.LoadAsync(reply.GetProperty("file").GetString()!);
        var json = await InspectAttachedXdmAsync(received);

        var document = json.GetProperty("documents").EnumerateArray().ShouldHaveSingleItem();
        received.Headers["X-MSS-CODECDA"].ShouldBe(document.GetProperty("code").GetString());
        received.Headers["X-MSS-INS"].ShouldBe(document.GetProperty("insQualified").GetBoolean() ? "O" : "N");
        (received.Headers["X-MSS-CODECDA"], received.Headers["X-MSS-INS"]).ShouldBe(("11502-2", "O"));
        json.GetProperty("patientId").GetString().ShouldBe(TestCda.PatientId);
        received.Subject.ShouldStartWith("XDM/1.0/DDM+");
    }

    /// <summary>Fetches (and deletes) <paramref name="bal"/>'s new messages until one is <paramref name="wanted"/>.</summary>
    private async Task<JsonElement> FetchUntilAsync(string bal, string[] credentials, Func<JsonElement, bool> wanted, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var fetched = await Lps(["fetch", bal, "--out", _directory.Combine("fetched"), "--delete", .. credentials]);
            fetched.ExitCode.ShouldBe(0, fetched.Error);
            if (JsonDocument.Parse(fetched.Out).RootElement.EnumerateArray().Where(wanted).ToList() is [var found])
            {
                return found.Clone();
            }

            await Task.Delay(500);
        }

        throw new ShouldAssertException(failure);
    }

    /// <summary>Saves the message's IHE_XDM.ZIP and runs <c>openmss xdm inspect</c> on it, which must find it sound.</summary>
    private async Task<JsonElement> InspectAttachedXdmAsync(MimeKit.MimeMessage received)
    {
        var zip = _directory.Combine(Guid.NewGuid().ToString("N") + ".zip");
        await using (var output = File.Create(zip))
        {
            await received.Attachments.OfType<MimeKit.MimePart>().Single(p => p.FileName == "IHE_XDM.ZIP").Content!.DecodeToAsync(output);
        }

        var inspect = await ProcessRunner.RunAsync(Repository.Wrapper, ["xdm", "inspect", zip], _directory.Path, TimeSpan.FromMinutes(2));
        inspect.ExitCode.ShouldBe(0, inspect.Error);
        return JsonDocument.Parse(inspect.Out).RootElement.Clone();
    }

    [Fact]
    public async Task Explicit_endpoints_replace_autoconfiguration()
    {
        var fronts = Sandbox.Manifest.GetProperty("operators")[0];
        var (imap, submission) = (fronts.GetProperty("imap").GetProperty("authcli").GetString()!, fronts.GetProperty("submission").GetProperty("authcli").GetString()!);
        var app = new[] { "--cert", Sandbox.AppCertificate, "--key", Sandbox.AppKey, "--ca", Sandbox.Ca };
        var subject = "explicit " + Guid.NewGuid();

        var sent = await Lps(["send", "--from", SandboxProcess.App, "--to", SandboxProcess.App, "--subject", subject, "--nil", "DEV1", "--submission", submission, .. app]);
        var fetched = await Lps(["fetch", SandboxProcess.App, "--out", _directory.Combine("explicit"), "--delete", "--imap", imap, .. app]);
        var wrong = await Lps(["fetch", SandboxProcess.App, "--out", _directory.Combine("explicit"), "--imap", "127.0.0.1:notaport", .. app]);

        sent.ExitCode.ShouldBe(0, sent.Error);
        fetched.ExitCode.ShouldBe(0, fetched.Error);
        JsonDocument.Parse(fetched.Out).RootElement.EnumerateArray().ShouldContain(m => m.GetProperty("subject").GetString() == subject);
        (wrong.ExitCode, wrong.Error.Trim()).ShouldBe((2, "'127.0.0.1:notaport' is not HOST:PORT."));
    }

    [Fact]
    public async Task Refusals_are_one_sentence_with_the_right_exit_code()
    {
        var dns = Sandbox.Dns.ToString();
        var failingToken = await Lps("send", "--from", SandboxProcess.Per, "--to", SandboxProcess.Per, "--nil", "DEV1", "--token-command", "echo not-a-token", "--ca", Sandbox.Ca, "--dns", dns);
        var noCredential = await Lps("fetch", SandboxProcess.Per, "--out", _directory.Combine("x"), "--ca", Sandbox.Ca, "--dns", dns);
        var noCa = await Lps("fetch", SandboxProcess.App, "--out", _directory.Combine("x"), "--cert", Sandbox.AppCertificate, "--key", Sandbox.AppKey, "--dns", dns);
        var wrongCa = await Lps("fetch", SandboxProcess.App, "--out", _directory.Combine("x"), "--cert", Sandbox.AppCertificate, "--key", Sandbox.AppKey, "--ca", Sandbox.AppCertificate, "--dns", dns);

        (failingToken.ExitCode, failingToken.Error.Trim()).ShouldBe((1, $"The operator refused the PSC token for BAL {SandboxProcess.Per}, a fresh one too: the professional must sign in again (535 5.7.8)."));
        (noCredential.ExitCode, noCredential.Error.Trim()).ShouldBe((2, "Give one of --token-command or --gateway-session (BAL PER/ORG), or --cert and --key (BAL APP)."));
        (noCa.ExitCode, noCa.Error.Trim()).ShouldBe((2, "--ca FILE is required: the roots operator certificates must chain to (the system store is never used)."));
        wrongCa.ExitCode.ShouldBe(1);
        wrongCa.Error.Trim().ShouldContain("was refused before authentication: the operator's certificate");
        wrongCa.Error.Trim().Split('\n').Length.ShouldBe(1);
    }
}
