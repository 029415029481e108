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
    [Fact]
    public void The_pdf_rendering_goes_next_to_the_archive_under_its_eco_2_1_6_name()
    {
        var message = SandboxSessionTests.Message("dr@operateur-a.mssante.test", "documents");
        var headers = MssDocuments.Attach(message, [CrBio], Sender, DateTimeOffset.UtcNow);
        var pdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n");

        var name = MssDocuments.AttachRendering(message, pdf, headers[0]);

        // The act's date is the service event's start (27/11), not the document's (28/11); accents, apostrophes and hyphens fold.
        name.ShouldBe("20261127_CR_d_examens_biologiques_PAT_TROIS_DOMINIQUE.pdf");
        message.Attachments.OfType<MimePart>().Select(p => (p.FileName, p.ContentType.MimeType)).ShouldBe([("IHE_XDM.ZIP", "application/zip"), (name, "application/pdf")]);
        MssDocuments.RenderingFileName(headers[0] with { ServiceStartTime = null, Code = headers[0].Code with { DisplayName = "CR d'imagerie médicale" } }, "D-42")
            .ShouldBe("20261128_CR_d_imagerie_medicale_PAT_TROIS_DOMINIQUE_D_42.pdf");
        Should.Throw<ArgumentException>(() => MssDocuments.AttachRendering(message, [0x50, 0x4b, 3, 4, 0], headers[0])).Message.ShouldContain("not a PDF");
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
