using System.Text;
using MimeKit;
using OpenMss.Conformance.Relay;
using OpenMss.TestSupport;
using OpenMss.Xdm;

namespace OpenMss.Conformance.Tests;

/// <summary>A submitted message read for the header cases: headers kept, dots unstuffed, IHE_XDM archives inspected.</summary>
public sealed class MessageFactsTests
{
    [Fact]
    public void Headers_and_archives_are_read_from_a_dot_stuffed_message()
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("medecin@reference.mssante.test"));
        message.To.Add(MailboxAddress.Parse("confrere@reference.mssante.test"));
        message.Subject = "XDM/1.0/DDM+CR de biologie";
        message.Headers.Add("X-MSS-NIL", "NIL-1");
        message.Headers.Add("X-MSS-CODECDA", "11502-2, 60591-5");
        var body = new TextPart("plain") { Text = ".a line starting with a dot\n" };
        var zip = new MimePart("application", "zip")
        {
            Content = new MimeContent(new MemoryStream(XdmPackager.Build([TestCda.CrBio, TestCda.Vsm], TestCda.Sender, TestCda.Now))),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "IHE_XDM.ZIP",
        };
        message.Body = new Multipart("mixed") { body, zip };
        using var raw = new MemoryStream();
        message.WriteTo(FormatOptions.Default, raw);
        var stuffed = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(raw.ToArray()).Replace("\r\n.a line", "\r\n..a line", StringComparison.Ordinal));

        var facts = MessageFacts.Read(TestCda.Now, "medecin@reference.mssante.test", ["confrere@reference.mssante.test"], stuffed, dotStuffed: true);

        facts.ParseProblem.ShouldBeNull();
        facts.Header("X-MSS-NIL").ShouldBe(["NIL-1"]);
        facts.Header("X-MSS-CODECDA").ShouldBe(["11502-2, 60591-5"]);
        facts.Subject.ShouldBe("XDM/1.0/DDM+CR de biologie");
        facts.Size.ShouldBe(raw.Length);
        var archive = facts.Attachments.Single(a => a.Xdm is not null);
        archive.FileName.ShouldBe("IHE_XDM.ZIP");
        archive.Xdm!.Problems.ShouldBeEmpty();
        archive.Xdm.Codes.ShouldBe(["11502-2", "60591-5"]);
        archive.Xdm.QualifiedIns.ShouldBe([true, true]);
    }

    [Fact]
    public void A_zip_that_is_no_archive_is_reported_with_its_problem()
    {
        var raw = Encoding.ASCII.GetBytes("From: a@b.test\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: application/zip; name=IHE_XDM.ZIP\r\nContent-Transfer-Encoding: base64\r\n\r\nbm90IGEgemlw\r\n--b--\r\n");

        var facts = MessageFacts.Read(TestCda.Now, "a@b.test", ["c@d.test"], raw, dotStuffed: false);

        facts.Attachments.Single().Xdm!.Problems.ShouldNotBeEmpty();
    }
}
