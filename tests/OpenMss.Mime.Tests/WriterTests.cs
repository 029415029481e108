using System.Text;
using System.Text.Json.Nodes;
using OpenMss.Mime.Writing;
using OpenMss.TestSupport;

namespace OpenMss.Mime.Tests;

public sealed class WriterTests
{
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04, .. Enumerable.Range(0, 3000).Select(i => (byte)(i * 7))];

    private static MessageBuilder XdmMessage()
    {
        var builder = new MessageBuilder
        {
            From = new MessageAddress("labo@labo-test.mssante.test", "Laboratoire d'analyses Château-Thierry"),
            Subject = "XDM/1.0/DDM+CR BIOLOGIE TESTPATIENT Héloïse 03/05/1979 — résultats complets de l'examen sanguin",
            Date = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(1)),
            MessageId = "writer-1@labo-test.mssante.test",
            Text = "Veuillez trouver ci-joint le compte rendu.\n--\nDr Pérèz\n.\nFin.",
            Html = "<p>Veuillez trouver ci-joint le compte rendu.</p>",
        };
        builder.To.Add(new MessageAddress("jean.dupont@operateur-a.mssante.test", "Dupont, Jean"));
        builder.Cc.AddRange(Enumerable.Range(0, 6).Select(i => new MessageAddress($"secretariat{i}@operateur-a.mssante.test", $"Secrétariat n°{i}")));
        builder.Headers.Add(("X-MSS-NIL", "DEV935997"));
        builder.Headers.Add(("X-MSS-INS", "O"));
        builder.Headers.Add(("X-MSS-CODECDA", "11502-2"));
        builder.Attachments.Add(new MessageAttachment("IHE_XDM.ZIP", "application/zip", Zip));
        builder.Attachments.Add(new MessageAttachment("20261122_CR_d_hématologie_TESTPATIENT_Héloïse_numéro_de_dossier_0123456789.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n")));
        return builder;
    }

    [Fact]
    public void Output_is_deterministic_crlf_and_within_78_characters_a_line()
    {
        var first = XdmMessage().Build();
        var second = XdmMessage().Build();

        first.ShouldBe(second);
        var text = Encoding.ASCII.GetString(first);
        text.Replace("\r\n", "", StringComparison.Ordinal).ShouldNotContain("\n");
        text.Split("\r\n").ShouldAllBe(line => line.Length <= 78);
        first.ShouldAllBe(b => b < 128);
    }

    [Fact]
    public void What_is_written_reads_back_the_same()
    {
        var message = MimeParser.Parse(XdmMessage().Build());

        message.Repairs.ShouldBeEmpty();
        message.Headers["Subject"]!.Text.ShouldBe("XDM/1.0/DDM+CR BIOLOGIE TESTPATIENT Héloïse 03/05/1979 — résultats complets de l'examen sanguin");
        message.Headers["X-MSS-NIL"]!.Unfolded.ShouldBe("DEV935997");
        Mime.Headers.AddressParser.Parse(message.Headers["From"]!.Unfolded).Single().DisplayName.ShouldBe("Laboratoire d'analyses Château-Thierry");
        Mime.Headers.AddressParser.Parse(message.Headers["Cc"]!.Unfolded).Select(a => a.DisplayName).ShouldBe(Enumerable.Range(0, 6).Select(i => $"Secrétariat n°{i}"));
        var root = message.Root;
        root.ContentType.MediaType.ShouldBe("multipart/mixed");
        root.Parts.Select(p => p.ContentType.MediaType).ShouldBe(["multipart/alternative", "application/zip", "application/pdf"]);
        root.Parts[0].Parts[0].DecodeText().ShouldBe("Veuillez trouver ci-joint le compte rendu.\r\n--\r\nDr Pérèz\r\n.\r\nFin.\r\n");
        root.Parts[1].DecodeContent().ShouldBe(Zip);
        root.Parts[2].FileName.ShouldBe("20261122_CR_d_hématologie_TESTPATIENT_Héloïse_numéro_de_dossier_0123456789.pdf");
    }

    [Fact]
    public async Task Python_reads_what_we_write_the_same_way()
    {
        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(directory.Combine("written.eml"), XdmMessage().Build());
        var probe = Path.Combine(Repository.Root, "tests", "OpenMss.Mime.Tests", "Differential", "python_email_probe.py");

        var python = await ProcessRunner.RunAsync("python3", [probe, directory.Path]);

        python.ExitCode.ShouldBe(0, python.Error);
        var theirs = JsonNode.Parse(python.Out)!["written.eml"]!;
        var ours = Differential.CorpusView.Of(MimeParser.Parse(XdmMessage().Build()));
        JsonNode.DeepEquals(ours, theirs).ShouldBeTrue($"OpenMSS {ours.ToJsonString()}\npython  {theirs.ToJsonString()}");
        theirs["parts"]![5]!["filename"]!.GetValue<string>().ShouldBe("20261122_CR_d_hématologie_TESTPATIENT_Héloïse_numéro_de_dossier_0123456789.pdf");
    }

    [Fact]
    public void Plain_ascii_text_is_one_7bit_part()
    {
        var builder = new MessageBuilder { Subject = "Bonjour", Text = "Simple text.", Date = DateTimeOffset.UnixEpoch };
        builder.To.Add(new MessageAddress("a@b.test"));

        var text = Encoding.ASCII.GetString(builder.Build());

        text.ShouldBe("To: a@b.test\r\nSubject: Bonjour\r\nDate: Thu, 01 Jan 1970 00:00:00 +0000\r\nMIME-Version: 1.0\r\n" +
                      "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nSimple text.\r\n");
    }

    [Theory]
    [InlineData("café")]
    [InlineData("a line of exactly seventy-six characters, then some more, then some more ..... é")]
    [InlineData("trailing blank \nand tab\t")]
    [InlineData("=3D is not an escape")]
    public void Quoted_printable_round_trips(string text)
    {
        var encoded = BodyEncoder.QuotedPrintable(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n")));

        encoded.Split("\r\n").ShouldAllBe(l => l.Length <= 76 && !l.EndsWith(' ') && !l.EndsWith('\t'));
        Encoding.UTF8.GetString(Encodings.QuotedPrintableDecoder.Decode(Encoding.ASCII.GetBytes(encoded))).ShouldBe(text.ReplaceLineEndings("\r\n"));
    }
}
