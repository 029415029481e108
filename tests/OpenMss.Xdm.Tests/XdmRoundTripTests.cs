using OpenMss.TestSupport;
using System.IO.Compression;
using System.Text;

namespace OpenMss.Xdm.Tests;

/// <summary>IHE_XDM.ZIP built from CDA documents and read back: layout, metadata, integrity, and every defect named.</summary>
public sealed class XdmRoundTripTests
{
    private static byte[] Pack(params byte[][] documents) => XdmPackager.Build(documents, TestCda.Sender, TestCda.Now);

    [Fact]
    public void Two_documents_of_one_patient_make_a_sound_archive_with_mssante_s_layout()
    {
        var zip = Pack(TestCda.CrBio, TestCda.Vsm);

        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            archive.Entries.Select(e => e.FullName).ShouldBe(["README.TXT", "INDEX.HTM", "IHE_XDM/SUBSET01/METADATA.XML", "IHE_XDM/SUBSET01/DOC0001.XML", "IHE_XDM/SUBSET01/DOC0002.XML"]);
        }

        var read = XdmReader.Read(new MemoryStream(zip));

        read.Problems.ShouldBeEmpty();
        read.PatientId.ShouldBe(TestCda.PatientId);
        read.Documents.Select(d => (d.Path, d.TypeCode, d.Header!.Code.Code)).ShouldBe(
        [
            ("IHE_XDM/SUBSET01/DOC0001.XML", "11502-2", "11502-2"),
            ("IHE_XDM/SUBSET01/DOC0002.XML", "60591-5", "60591-5"),
        ]);
        read.Documents[0].Content.ShouldBe(TestCda.CrBio);
        read.Documents[0].MetadataSize.ShouldBe(TestCda.CrBio.Length);
        read.Documents[0].MetadataHash.ShouldBe(XdmPackager.Sha1(TestCda.CrBio));

        // Inspecting a file finds the same and keeps no document.
        using var directory = new TempDirectory();
        File.WriteAllBytes(directory.Combine("IHE_XDM.ZIP"), zip);
        using var file = File.OpenRead(directory.Combine("IHE_XDM.ZIP"));
        var inspected = XdmReader.Inspect(file);
        (inspected.IsSound, inspected.PatientId).ShouldBe((true, TestCda.PatientId));
        inspected.Documents.Select(d => (d.Path, d.Header!.Code, d.Header.Patient, d.TypeCode, d.MetadataHash, d.MetadataSize, d.Content))
            .ShouldBe(read.Documents.Select(d => (d.Path, d.Header!.Code, d.Header.Patient, d.TypeCode, d.MetadataHash, d.MetadataSize, (byte[]?)null)));
    }

    [Fact]
    public void A_clock_outside_zip_s_dates_still_makes_an_archive() =>
        XdmReader.Read(new MemoryStream(XdmPackager.Build([TestCda.CrBio], TestCda.Sender, DateTimeOffset.UnixEpoch))).IsSound.ShouldBeTrue();

    [Fact]
    public void Documents_of_different_patients_do_not_share_an_archive() =>
        Should.Throw<XdmException>(() => Pack(TestCda.CrBio, TestCda.NoIns)).Message.ShouldContain("different patients");

    [Fact]
    public void A_document_changed_after_packing_is_named_with_its_size_and_hash()
    {
        var zip = Rewrite(Pack(TestCda.CrBio), "IHE_XDM/SUBSET01/DOC0001.XML", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TestCda.CrBio).Replace("0,92", "9,92", StringComparison.Ordinal) + " "));

        var read = XdmReader.Read(new MemoryStream(zip));

        read.IsSound.ShouldBeFalse();
        read.Problems.Count.ShouldBe(2);
        read.Problems[0].ShouldStartWith($"DOC0001.XML: METADATA.XML gives a size of {TestCda.CrBio.Length} bytes, the document has {TestCda.CrBio.Length + 1}.");
        read.Problems[1].ShouldStartWith($"DOC0001.XML: METADATA.XML gives the SHA-1 {XdmPackager.Sha1(TestCda.CrBio)}");
    }

    [Fact]
    public void A_missing_document_another_patient_and_missing_readme_are_each_named()
    {
        var zip = Pack(TestCda.CrBio, TestCda.Vsm);
        zip = Rewrite(zip, "IHE_XDM/SUBSET01/DOC0002.XML", null);
        zip = Rewrite(zip, "README.TXT", null);
        zip = Rewrite(zip, "IHE_XDM/SUBSET01/DOC0001.XML", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TestCda.CrBio).Replace("279035121518989", "180012345678901", StringComparison.Ordinal)));

        var problems = XdmReader.Read(new MemoryStream(zip)).Problems;

        problems.ShouldContain("The archive has no README.TXT.");
        problems.ShouldContain("METADATA.XML names DOC0002.XML, which the archive does not contain.");
        problems.ShouldContain(p => p.StartsWith("DOC0001.XML: the document's patient 180012345678901^^^&1.2.250.1.213.1.4.10&ISO^NH is not the submission's", StringComparison.Ordinal));
    }

    /// <summary>A copy of an archive with one entry replaced (or removed when null).</summary>
    internal static byte[] Rewrite(byte[] zip, string name, byte[]? content)
    {
        using var input = new ZipArchive(new MemoryStream(zip));
        using var output = new MemoryStream();
        using (var copy = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                if (entry.FullName == name && content is null)
                {
                    continue;
                }

                using var target = copy.CreateEntry(entry.FullName).Open();
                if (entry.FullName == name)
                {
                    target.Write(content);
                }
                else
                {
                    using var source = entry.Open();
                    source.CopyTo(target);
                }
            }
        }

        return output.ToArray();
    }
}
