using System.Text.Json;
using MimeKit;
using OpenMss.Lps.Documents;
using OpenMss.Lps.Mes;
using OpenMss.Lps.Notifications;
using OpenMss.Sandbox.Mes;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>
/// Round trips with the sandbox's Mon espace santé stand-in (spec §8), hosted by operator B: professionals of A
/// reach it over the MTA, those of B locally. Patients answer in HTML with <c>From: Prénom Nom &lt;INS@…&gt;</c>.
/// </summary>
[Collection("sandbox")]
public sealed class MesStandInTests(SandboxFixture fixture) : IDisposable
{
    private const string MarieMartin = "marie.martin@operateur-b.mssante.test";
    private readonly TempDirectory _directory = new();

    private SandboxProcess Sandbox => fixture.Sandbox;

    private static MesPatient Patient(int index) => MesPatient.Defaults[index];

    private MssClient Client(bool knowsPatients = true) => new(Sandbox.Options(o => o.PatientDomains = knowsPatients ? [MesStandIn.Domain] : []));

    [Fact]
    public void Sandbox_json_lists_the_patients_and_the_automatic_answer()
    {
        var patients = Sandbox.Manifest.GetProperty("patients");
        patients.GetProperty("domain").GetString().ShouldBe(MesStandIn.Domain);
        patients.GetProperty("automaticAnswer").GetString().ShouldBe("reponse.automatique-test@patient.mssante.test");
        var first = patients.GetProperty("accounts")[0];
        (first.GetProperty("address").GetString(), first.GetProperty("ins").GetString(), first.GetProperty("name").GetString())
            .ShouldBe(("279035121518989@patient.mssante.test", "279035121518989", "Dominique PAT-TROIS"));
    }

    [Fact]
    public async Task A_document_to_a_patient_across_the_trust_space_is_read_and_acknowledged_in_html()
    {
        using var client = Client();
        await using var per = client.OpenPsc(SandboxProcess.Per, BalType.Per, new SandboxTokenSource(Sandbox, SandboxProcess.PerHolder));
        var patient = Patient(0);
        var message = new MimeMessage { Body = new TextPart("plain") { Text = "Vos résultats." } };
        message.To.Add(MailboxAddress.Parse(patient.Address(MesStandIn.Domain)));
        var headers = MssDocuments.Attach(message, [TestCda.CrBio], TestCda.Sender, TestCda.Now);
        message.Subject = MssDocuments.DdmSubject(headers[0]);
        MssPatients.RequestReadReceipt(message, SandboxProcess.Per);
        var sent = (await per.SendAsync(message)).Trim('<', '>');

        var receipt = await NextAsync(per, m => MssNotifications.Parse(m)?.OriginalMessageId == sent, "the patient's read receipt");
        MssNotifications.Parse(receipt)!.Kind.ShouldBe(MssNotificationKind.Displayed);
        var answer = await NextAsync(per, m => m.InReplyTo == sent && MssNotifications.Parse(m) is null, "the patient's answer");

        var from = answer.From.Mailboxes.Single();
        (from.Name, from.Address).ShouldBe(("Dominique PAT-TROIS", "279035121518989@patient.mssante.test"));
        MssPatients.IsFromPatient(answer, [MesStandIn.Domain]).ShouldBeTrue();
        answer.Body.ShouldBeOfType<TextPart>().IsHtml.ShouldBeTrue("MES writes HTML only");
        MssPatients.PlainText(answer).ShouldContain("J'ai bien reçu votre message « XDM/1.0/DDM+Compte rendu d'examens biologiques PAT-TROIS DOMINIQUE 28/03/1979 » avec IHE_XDM.ZIP.");
        answer.Headers["X-MSS-NIL"].ShouldBe("OPENMSS-SANDBOX-MES");
    }

    [Fact]
    public async Task After_the_end_of_an_exchange_the_patient_may_answer_but_not_start_a_thread_until_the_professional_writes_again()
    {
        using var client = Client();
        await using var martin = client.OpenPsc(MarieMartin, BalType.Per, new SandboxTokenSource(Sandbox, SandboxProcess.Colleague));
        var patient = Patient(1);

        var first = await SendAsync(martin, patient, "première consultation", end: false);
        await NextAsync(martin, m => m.InReplyTo == first, "the patient's acknowledgement");
        var started = await PatientSendAsync(patient, MarieMartin, "une question");
        started.ExitCode.ShouldBe(0, started.Error);
        var question = await NextAsync(martin, m => m.MessageId == started.Out.Trim().Trim('<', '>'), "the patient's new message");
        (question.From.Mailboxes.Single().Name, question.Subject).ShouldBe(("Léo DUPOND", "une question"));

        var last = await SendAsync(martin, patient, "fin du suivi", end: true);
        await NextAsync(martin, m => MssNotifications.Parse(m)?.OriginalMessageId == last, "the read receipt of the last message");

        var refused = await PatientSendAsync(patient, MarieMartin, "encore une question");
        refused.ExitCode.ShouldBe(1);
        refused.Error.Trim().ShouldBe($"{MarieMartin} ended the exchange with {patient.Address(MesStandIn.Domain)}: the patient may answer its messages but not start a new one.");
        var answered = await PatientSendAsync(patient, MarieMartin, "RE: fin du suivi", last);
        answered.ExitCode.ShouldBe(0, answered.Error);
        (await NextAsync(martin, m => m.MessageId == answered.Out.Trim().Trim('<', '>'), "the patient's answer")).InReplyTo.ShouldBe(last);

        var again = await SendAsync(martin, patient, "nouveau suivi", end: false);
        await NextAsync(martin, m => m.InReplyTo == again, "the acknowledgement of the new message");
        var reopened = await PatientSendAsync(patient, MarieMartin, "merci");
        reopened.ExitCode.ShouldBe(0, reopened.Error);
        await NextAsync(martin, m => m.MessageId == reopened.Out.Trim().Trim('<', '>'), "the patient's message in the reopened exchange");

        var stranger = await PatientSendAsync(Patient(2), MarieMartin, "bonjour");
        stranger.ExitCode.ShouldBe(1);
        stranger.Error.ShouldContain("never wrote");
    }

    [Fact]
    public async Task A_message_of_25_mb_sent_by_an_lps_that_ignores_the_rule_comes_back_as_a_bounce()
    {
        using var client = Client(knowsPatients: false);
        await using var per = client.OpenPsc(SandboxProcess.Per, BalType.Per, new SandboxTokenSource(Sandbox, SandboxProcess.PerHolder));
        var patient = Patient(2);
        var message = new MimeMessage { Subject = "scanner complet" };
        message.To.Add(MailboxAddress.Parse(patient.Address(MesStandIn.Domain)));
        message.Body = new MimePart("application", "octet-stream") { Content = new MimeContent(new MemoryStream(new byte[19 * 1024 * 1024])), ContentTransferEncoding = ContentEncoding.Base64, FileName = "scan.bin" };
        var sent = (await per.SendAsync(message)).Trim('<', '>');

        var bounce = await NextAsync(per, m => MssNotifications.Parse(m)?.OriginalMessageId == sent, "the bounce", seconds: 120);
        bounce.Subject.ShouldBe("Undelivered Mail Returned to Sender");
        bounce.From.Mailboxes.Single().Address.ShouldBe(MesStandIn.MailerDaemon);
        var report = MssNotifications.Parse(bounce)!;
        report.Kind.ShouldBe(MssNotificationKind.Failed);
        (report.Recipients.Single().Recipient, report.Recipients.Single().Status).ShouldBe((patient.Address(MesStandIn.Domain), "5.3.4"));
        new MesExchanges(SandboxExchanges).Find(patient.Ins, SandboxProcess.Per).ShouldBeNull("a refused message opens no exchange");
    }

    [Fact]
    public async Task The_automatic_answer_bal_answers_every_message()
    {
        using var client = Client();
        await using var dpi = client.OpenApp(SandboxProcess.App, Sandbox.AppCredential());
        var message = SandboxSessionTests.Message(SandboxProcess.App, "test de réception");
        message.To.Clear();
        message.To.Add(MailboxAddress.Parse(MesStandIn.AutomaticAnswerBal));
        var sent = (await dpi.SendAsync(message)).Trim('<', '>');

        var answer = await NextAsync(dpi, m => m.InReplyTo == sent, "the automatic answer");
        (answer.From.Mailboxes.Single().Address, answer.Headers[HeaderId.AutoSubmitted]).ShouldBe((MesStandIn.AutomaticAnswerBal, "auto-replied"));
        answer.Body.ShouldBeOfType<TextPart>().IsHtml.ShouldBeTrue();
    }

    private string SandboxExchanges => Path.Combine(Sandbox.Data, "mes", "exchanges.json");

    private static async Task<string> SendAsync(MssMailbox bal, MesPatient patient, string subject, bool end)
    {
        var message = SandboxSessionTests.Message(bal.Address, subject);
        message.To.Clear();
        message.To.Add(MailboxAddress.Parse(patient.Address(MesStandIn.Domain)));
        MssPatients.RequestReadReceipt(message, bal.Address);
        if (end)
        {
            MssPatients.EndExchange(message);
        }

        return (await bal.SendAsync(message)).Trim('<', '>');
    }

    private Task<ProcessRunner.Result> PatientSendAsync(MesPatient patient, string to, string subject, string? inReplyTo = null) =>
        ProcessRunner.RunAsync(Repository.Wrapper,
            ["sandbox", "patient", "send", "--data", Sandbox.Data, "--ins", patient.Ins, "--to", to, "--subject", subject, .. inReplyTo is null ? Array.Empty<string>() : ["--in-reply-to", inReplyTo]],
            _directory.Path, TimeSpan.FromMinutes(2));

    /// <summary>The first INBOX message that <paramref name="wanted"/> picks, deleted once read; others are left for their tests.</summary>
    internal static async Task<MimeMessage> NextAsync(MssMailbox bal, Func<MimeMessage, bool> wanted, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            foreach (var summary in (await bal.ListNewAsync()).Messages)
            {
                var message = await bal.GetMessageAsync(summary.Uid);
                if (wanted(message))
                {
                    await bal.MarkProcessedAsync(summary.Uid, delete: true);
                    return message;
                }
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{what} did not arrive in {bal.Address}");
            await bal.WaitForNewMailAsync(TimeSpan.FromSeconds(5));
        }
    }

    public void Dispose() => _directory.Dispose();
}
