using System.IO.Compression;
using System.Text;
using OpenMss.TestSupport;

namespace OpenMss.Xdm.Tests;

/// <summary>Archives built to hurt the reader: refused with the defect named, never read past their bounds, nothing written anywhere.</summary>
public sealed class HostileArchiveTests
{
    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(content);
            }
        }

        return output.ToArray();
    }

    private static string Refusal(byte[] zip, XdmLimits? limits = null) => Should.Throw<XdmException>(() => XdmReader.Read(new MemoryStream(zip), limits)).Message;

    [Theory]
    [InlineData("../../etc/cron.d/evil")]
    [InlineData("/etc/passwd")]
    [InlineData("IHE_XDM/../../outside.xml")]
    [InlineData("C:\\Windows\\evil.dll")]
    public void Entries_that_would_leave_the_archive_are_refused_by_name(string name) =>
        Refusal(Zip(("README.TXT", [1]), (name, [2]))).ShouldContain("would leave the archive");

    [Fact]
    public void A_zip_bomb_is_refused_by_its_ratio_and_a_large_total_by_the_bound()
    {
        var bomb = Zip(("IHE_XDM/SUBSET01/DOC0001.XML", new byte[20 * 1024 * 1024]));
        Refusal(bomb).ShouldContain("zip bomb");

        var large = Zip(("A.XML", RandomBytes(3_000_000)), ("B.XML", RandomBytes(3_000_000)));
        Refusal(large, new XdmLimits { MaxTotalBytes = 4_000_000 }).ShouldContain("inflates beyond 4000000 bytes in all");
        Refusal(large, new XdmLimits { MaxEntryBytes = 1_000_000 }).ShouldContain("more than the 1000000 accepted");
    }

    [Fact]
    public void Thousands_of_entries_are_refused_before_any_is_read() =>
        Refusal(Zip([.. Enumerable.Range(0, 2000).Select(i => ($"F{i}.TXT", new byte[] { 1 }))])).ShouldBe("The archive has 2000 entries, more than the 500 accepted.");

    [Theory]
    [InlineData("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>")]
    [InlineData("<lcm:SubmitObjectsRequest xmlns:lcm=\"urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0\">")]
    public void Malformed_or_dtd_carrying_metadata_is_refused(string metadata) =>
        Refusal(Zip(("IHE_XDM/SUBSET01/METADATA.XML", Encoding.UTF8.GetBytes(metadata)))).ShouldStartWith("METADATA.XML is not well-formed XML");

    [Fact]
    public void Metadata_pointing_outside_its_subset_is_refused()
    {
        var zip = XdmPackager.Build([TestCda.CrBio], TestCda.Sender, TestCda.Now);
        string metadata;
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        using (var reader = new StreamReader(archive.GetEntry("IHE_XDM/SUBSET01/METADATA.XML")!.Open()))
        {
            metadata = reader.ReadToEnd().Replace("<rim:Value>DOC0001.XML</rim:Value>", "<rim:Value>../../README.TXT</rim:Value>", StringComparison.Ordinal);
        }

        Refusal(XdmRoundTripTests.Rewrite(zip, "IHE_XDM/SUBSET01/METADATA.XML", Encoding.UTF8.GetBytes(metadata))).ShouldContain("not a file name of SUBSET01");
    }

    [Fact]
    public void Not_a_zip_is_one_sentence() => Refusal(Encoding.UTF8.GetBytes("PK not really")).ShouldStartWith("The archive is not a readable ZIP file");

    [Fact]
    public void Mutated_archives_are_read_or_refused_with_a_sentence_and_nothing_else()
    {
        var seed = XdmPackager.Build([TestCda.CrBio, TestCda.Vsm], TestCda.Sender, TestCda.Now);
        var random = new Random(15);
        for (var i = 0; i < 2000; i++)
        {
            var mutated = (byte[])seed.Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            try
            {
                var read = XdmReader.Read(new MemoryStream(mutated));
                read.Problems.ShouldAllBe(p => p.Length > 0);
                XdmReader.Inspect(new MemoryStream(mutated)).Problems.ShouldBe(read.Problems);
            }
            catch (XdmException e)
            {
                e.Message.ShouldNotBeNullOrWhiteSpace();
            }
        }
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }
}
