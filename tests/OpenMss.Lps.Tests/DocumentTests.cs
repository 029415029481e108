using MimeKit;
using OpenMss.Lps.Documents;
using OpenMss.Operator.Hosting;
using OpenMss.TestSupport;
using OpenMss.Xdm;

namespace OpenMss.Lps.Tests;

/// <summary>Health documents through the SDK: CDA as IHE_XDM with X-MSS-CODECDA and X-MSS-INS, the DDM subject, archives read back.</summary>
public sealed class DocumentTests
{
    private static readonly byte[] CrBio = TestCda.CrBio;
    private static readonly byte[] Vsm = TestCda.Vsm;
    private static readonly byte[] NoIns = TestCda.NoIns;
    private static readonly XdmSender Sender = TestCda.Sender;

    [Fact]
    public void Attaching_documents_adds_one_archive_and_the_codes_in_order_with_the_ins_status()
    {
        var message = SandboxSessionTests.Message("dr@operateur-a.mssante.test", "documents");

        var headers = MssDocuments.Attach(message, [CrBio, Vsm], Sender, DateTimeOffset.UtcNow);

        headers.Select(h => h.Code.Code).ShouldBe(["11502-2", "60591-5"]);
        (message.Headers[MssDocuments.CodeCdaHeader], message.Headers[MssDocuments.InsHeader]).ShouldBe(("11502-2,60591-5", "O"));
        var archive = message.Attachments.OfType<MimePart>().ShouldHaveSingleItem();
        (archive.FileName, archive.ContentType.MimeType).ShouldBe(("IHE_XDM.ZIP", "application/zip"));
        message.TextBody.ShouldStartWith("Bonjour");
        var read = MssDocuments.Read(message).ShouldHaveSingleItem();
        (read.IsSound, read.PatientId).ShouldBe((true, "279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH"));
    }

    [Fact]
    public void A_document_without_a_qualified_ins_makes_x_mss_ins_n_and_other_patients_are_refused()
    {
        var message = SandboxSessionTests.Message("dr@operateur-a.mssante.test", "documents");
        MssDocuments.Attach(message, [NoIns], Sender, DateTimeOffset.UtcNow);
        (message.Headers[MssDocuments.CodeCdaHeader], message.Headers[MssDocuments.InsHeader]).ShouldBe(("18748-4", "N"));

        Should.Throw<XdmException>(() => MssDocuments.Attach(SandboxSessionTests.Message("dr@operateur-a.mssante.test", "x"), [CrBio, NoIns], Sender, DateTimeOffset.UtcNow))
            .Message.ShouldContain("different patients");
    }

    [Fact]
    public void The_ddm_subject_is_built_from_the_document_and_hidden_for_display()
    {
        var subject = MssDocuments.DdmSubject(CdaHeaderReader.Read(CrBio));

        subject.ShouldBe("XDM/1.0/DDM+Compte rendu d'examens biologiques PAT-TROIS DOMINIQUE 28/03/1979");
        MssDocuments.DisplaySubject(subject).ShouldBe("Compte rendu d'examens biologiques PAT-TROIS DOMINIQUE 28/03/1979");
        MssDocuments.DisplaySubject("Bonjour").ShouldBe("Bonjour");
    }
}

/// <summary>The same through a running operator: sent with a PSC token, read by the BAL APP, counted in the operator's indicators.</summary>
[Collection("sandbox")]
public sealed class SandboxDocumentTests(SandboxFixture fixture)
{
    private SandboxProcess Sandbox => fixture.Sandbox;

    [Fact]
    public async Task A_lab_report_sent_as_xdm_arrives_sound_and_feeds_the_indicators()
    {
        using var client = new MssClient(Sandbox.Options());
        await using var per = client.OpenPsc(SandboxProcess.Per, BalType.Per, new SandboxTokenSource(Sandbox, SandboxProcess.PerHolder));
        await using var app = client.OpenApp(SandboxProcess.App, Sandbox.AppCredential());
        var message = SandboxSessionTests.Message(SandboxProcess.Per, "");
        message.To.Clear();
        message.To.Add(MailboxAddress.Parse(SandboxProcess.App));
        var headers = MssDocuments.Attach(message, [TestCda.CrBio, TestCda.Vsm], TestCda.Sender, DateTimeOffset.UtcNow);
        message.Subject = MssDocuments.DdmSubject(headers[0]) + " " + Guid.NewGuid().ToString("N")[..8];

        var messageId = await per.SendAsync(message);
        var found = await SandboxSessionTests.FindAsync(app, message.Subject);
        var received = await app.GetMessageAsync(found.Uid);

        (received.Headers["X-MSS-CODECDA"], received.Headers["X-MSS-INS"]).ShouldBe(("11502-2,60591-5", "O"));
        var archive = MssDocuments.Read(received).ShouldHaveSingleItem();
        archive.Problems.ShouldBeEmpty();
        archive.Documents.Select(d => d.Header!.Code.Code).ShouldBe(["11502-2", "60591-5"]);
        await app.MarkProcessedAsync(found.Uid, delete: true);

        await using var store = await StoreOpener.OpenAsync(StoreLocation.Embedded(Path.Combine(Sandbox.Data, "operateur-a", "store")), default);
        var indicators = await store.Submissions.ListIndicatorsAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1), 10_000, default);
        var row = indicators.Last(r => r.Recipient == SandboxProcess.App);
        (row.CodeCda, row.Ins, row.Nil).ShouldBe(("11502-2,60591-5", "O", "OPENMSS-TEST-1"));
        messageId.ShouldNotBeNullOrEmpty();
    }
}
