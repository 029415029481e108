using System.Text;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Mime;

namespace OpenMss.Imap.Protocol.Tests;

/// <summary>
/// Golden tests from RFC 3501 §7.4.2: messages built to have exactly the headers, sizes and line counts of the RFC's
/// examples must give exactly the RFC's ENVELOPE, BODY and BODYSTRUCTURE, written from the MIME engine's structure.
/// </summary>
public sealed class StructureWriterTests
{
    private static string Lines(int count, int lastLength, int length, char fill = 'x')
    {
        var text = new StringBuilder();
        for (var i = 0; i < count - 1; i++)
        {
            text.Append(fill, length).Append("\r\n");
        }

        return text.Append(fill, lastLength).Append("\r\n").ToString();
    }

    [Fact]
    public void The_fetch_example_gives_the_rfc_envelope_and_body()
    {
        // 91 lines of 31 characters and one of 23: 3028 bytes in 92 lines.
        var body = Lines(92, 23, 31);
        var raw = "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\n" +
                  "From: Terry Gray <gray@cac.washington.edu>\r\n" +
                  "Subject: IMAP4rev1 WG mtg summary and minutes\r\n" +
                  "To: imap@cac.washington.edu\r\n" +
                  "cc: minutes@CNRI.Reston.VA.US,\r\n John Klensin <KLENSIN@MIT.EDU>\r\n" +
                  "Message-Id: <B27397-0100000@cac.washington.edu>\r\n" +
                  "MIME-Version: 1.0\r\n\r\n" + body;

        var message = MimeParser.Parse(Encoding.ASCII.GetBytes(raw));

        body.Length.ShouldBe(3028);
        EnvelopeWriter.Write(message.Root).ShouldBe(
            "(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" " +
            "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) " +
            "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) " +
            // The RFC breaks the line between the two addresses; its ABNF (1*address) puts nothing there.
            "((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL " +
            "\"<B27397-0100000@cac.washington.edu>\")");
        BodyStructureWriter.Write(message.Root, extensible: false).ShouldBe("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92)");
        BodyStructureWriter.Write(message.Root).ShouldBe("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92 NIL NIL NIL NIL)");
        message.Repairs.ShouldBeEmpty();
    }

    [Fact]
    public void The_multipart_example_gives_the_rfc_body()
    {
        var first = Lines(23, 50, 48);
        var second = string.Concat(Enumerable.Repeat(new string('Q', 60) + "\r\n", 66)) + string.Concat(Enumerable.Repeat(new string('Q', 64) + "\r\n", 7));
        var raw = "From: a@b.example\r\nSubject: diff\r\nMIME-Version: 1.0\r\n" +
                  "Content-Type: MULTIPART/MIXED; BOUNDARY=\"----=_sep\"\r\n\r\n" +
                  "------=_sep\r\nContent-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n\r\n" + first +
                  "\r\n------=_sep\r\nContent-Type: TEXT/PLAIN; CHARSET=US-ASCII; NAME=cc.diff\r\n" +
                  "Content-ID: <960723163407.20117h@cac.washington.edu>\r\nContent-Description: Compiler diff\r\n" +
                  "Content-Transfer-Encoding: BASE64\r\n\r\n" + second + "\r\n------=_sep--\r\n";

        var message = MimeParser.Parse(Encoding.ASCII.GetBytes(raw));

        (first.Length, second.Length).ShouldBe((1152, 4554));
        BodyStructureWriter.Write(message.Root, extensible: false).ShouldBe(
            "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)" +
            "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") \"<960723163407.20117h@cac.washington.edu>\" " +
            "\"Compiler diff\" \"BASE64\" 4554 73) \"MIXED\")");
        BodyStructureWriter.Write(message.Root).ShouldEndWith(" \"MIXED\" (\"BOUNDARY\" \"----=_sep\") NIL NIL NIL)");
    }

    /// <summary>The section example of RFC 3501 §6.4.5, with the part numbers it lists.</summary>
}
