using MimeKit;
using OpenMss.Lps.Mes;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>Mon espace santé's rules in the SDK (spec §8): addresses, the 25 MB bound, the end of an exchange, HTML-only messages.</summary>
public sealed class PatientTests
{
    [Theory]
    [InlineData("279035121518989@patient.mssante.fr", true)]
    [InlineData("2790351215189AB@PATIENT.mssante.fr", true)]
    [InlineData("27903512151898@patient.mssante.fr", false)]
    [InlineData("279035121518989@patient.mssante.test", false)]
    [InlineData("jean.dupont@operateur-a.mssante.fr", false)]
    public void Patient_addresses_are_an_ins_matricule_at_a_patient_domain(string address, bool patient) =>
        MssPatients.IsPatientAddress(address).ShouldBe(patient);

    [Fact]
    public void A_sandbox_patient_domain_can_be_named_and_an_address_built_from_the_ins()
    {
        MssPatients.IsPatientAddress("279035121518989@patient.mssante.test", ["patient.mssante.test"]).ShouldBeTrue();
        MssPatients.Address("279035121518989").ShouldBe("279035121518989@patient.mssante.fr");
        Should.Throw<ArgumentException>(() => MssPatients.Address("123"));
    }

    [Fact]
    public void Ending_the_exchange_sets_the_header_and_on_request_the_older_subject()
    {
        var message = new MimeMessage { Subject = "Résultats" };
        MssPatients.EndExchange(message);
        (message.Headers["X-MSS-MES"], message.Subject).ShouldBe(("FIN", "Résultats"));

        MssPatients.EndExchange(message, legacySubject: true);
        MssPatients.EndExchange(message, legacySubject: true);
        message.Subject.ShouldBe("[FIN] Résultats");
        message.Headers.Count(h => h.Field == "X-MSS-MES").ShouldBe(1);
    }

    [Fact]
    public void A_patient_s_html_only_message_reads_as_plain_text()
    {
        var message = new MimeMessage { Body = new TextPart("html") { Text = "<html><head><style>p{color:red}</style></head><body><p>Bonjour docteur,</p><p>Voici mes r&eacute;sultats&nbsp;: <b>normaux</b>.<br>Merci</p><script>alert(1)</script></body></html>" } };
        message.From.Add(new MailboxAddress("Léo Dupond", "123456789012345@patient.mssante.fr"));

        MssPatients.IsFromPatient(message).ShouldBeTrue();
        MssPatients.PlainText(message).ShouldBe("Bonjour docteur,\nVoici mes résultats : normaux.\nMerci");
    }
}

/// <summary>The 25 MB bound is enforced before anything is sent.</summary>
[Collection("sandbox")]
public sealed class SandboxPatientTests(SandboxFixture fixture)
{
    [Fact]
    public async Task A_message_of_25_mb_to_a_patient_is_refused_before_sending()
    {
        var options = fixture.Sandbox.Options();
        options.PatientDomains = ["patient.mssante.test"];
        using var client = new MssClient(options);
        await using var app = client.OpenApp(SandboxProcess.App, fixture.Sandbox.AppCredential());
        var message = SandboxSessionTests.Message(SandboxProcess.App, "trop gros");
        message.To.Clear();
        message.To.Add(MailboxAddress.Parse("279035121518989@patient.mssante.test"));
        message.Body = new MimePart("application", "octet-stream") { Content = new MimeContent(new MemoryStream(new byte[19 * 1024 * 1024])), ContentTransferEncoding = ContentEncoding.Base64, FileName = "scan.bin" };

        var refused = await Should.ThrowAsync<MssRefusedException>(() => app.SendAsync(message));

        (refused.ProtocolCode, refused.Action).ShouldBe(("MES-SIZE", MssAction.ChangeRequest));
        app.SubmissionIsOpen.ShouldBeFalse("nothing was sent: no submission session was even opened");
    }
}
