using OpenMss.TestSupport;
using System.Text;

namespace OpenMss.Xdm.Tests;

/// <summary>What MSSanté reads in a CDA R2 header: the document type, the patient's INS and whether it is qualified, authors, dates.</summary>
public sealed class CdaHeaderReaderTests
{
    [Fact]
    public void A_lab_report_gives_its_loinc_code_the_qualified_ins_and_its_author()
    {
        var header = CdaHeaderReader.Read(TestCda.CrBio);

        header.Code.ShouldBe(new CdaCode("11502-2", "2.16.840.1.113883.6.1", "CR d'examens biologiques"));
        (header.DocumentId, header.Title, header.EffectiveTime, header.ServiceStartTime).ShouldBe(("1.2.250.1.213.1.1.9^CRBIO-2026-0001", "Compte rendu d'examens biologiques", "20261128103000+0100", "20261127083000+0100"));
        header.Patient.ShouldBe(new CdaPatient("279035121518989", "1.2.250.1.213.1.4.10", "PAT-TROIS", "DOMINIQUE", "19790328", "F"));
        header.Patient.Qualified.ShouldBeTrue();
        header.Patient.XdsPatientId.ShouldBe(TestCda.PatientId);
        header.Authors.ShouldBe(["Dr Jean DUPONT"]);
    }

    [Fact]
    public void A_document_with_only_a_local_id_has_no_ins_and_is_not_qualified()
    {
        var header = CdaHeaderReader.Read(TestCda.NoIns);

        (header.Code.Code, header.Patient.Ins, header.Patient.Qualified, header.Patient.XdsPatientId).ShouldBe(("18748-4", null, false, null));
    }

    [Theory]
    [InlineData("<html/>", "is not a CDA R2 document")]
    [InlineData("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>x</title></ClinicalDocument>", "has no ClinicalDocument/code")]
    [InlineData("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><code code=", "not well-formed XML")]
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ClinicalDocument xmlns=\"urn:hl7-org:v3\"><code code=\"&e;\"/></ClinicalDocument>", "not well-formed XML")]
    public void What_is_not_a_cda_header_is_refused_in_one_sentence(string xml, string reason) =>
        Should.Throw<XdmException>(() => CdaHeaderReader.Read(Encoding.UTF8.GetBytes(xml))).Message.ShouldContain(reason);
}
