using System.Text;
using OpenMss.Mime.Encodings;

namespace OpenMss.Mime.Tests;

public sealed class ParserTests
{
    private static MimeMessage Parse(string text, MimeLimits? limits = null) => MimeParser.Parse(Encoding.UTF8.GetBytes(text), limits);

    [Fact]
    public void Folded_headers_unfold_and_keep_their_raw_bytes()
    {
        var message = Parse("Subject: a long\r\n\tsubject\r\nX-Empty:\r\n\r\nbody");

        var subject = message.Headers["subject"]!;
        subject.Unfolded.ShouldBe("a long\tsubject");
        Encoding.ASCII.GetString(subject.RawField.Span).ShouldBe("Subject: a long\r\n\tsubject\r\n");
        message.Headers["X-Empty"]!.Unfolded.ShouldBe("");
        Encoding.ASCII.GetString(message.Root.BodyBytes.Span).ShouldBe("body");
    }

    [Fact]
    public void Crlf_and_bare_lf_give_the_same_structure()
    {
        const string text = "Content-Type: multipart/mixed; boundary=b\n\npre\n--b\nContent-Type: text/plain\n\none\n--b\n\ntwo\n--b--\nepi\n";
        var lf = Parse(text);
        var crlf = Parse(text.Replace("\n", "\r\n", StringComparison.Ordinal));

        lf.Root.Parts.Count.ShouldBe(2);
        crlf.Root.Parts.Count.ShouldBe(2);
        Encoding.ASCII.GetString(lf.Root.Parts[0].BodyBytes.Span).ShouldBe("one");
        Encoding.ASCII.GetString(crlf.Root.Parts[1].BodyBytes.Span).ShouldBe("two");
        Encoding.ASCII.GetString(crlf.Root.Preamble.Span).ShouldBe("pre");
        Encoding.ASCII.GetString(crlf.Root.Epilogue.Span).ShouldBe("epi\r\n");
        lf.Repairs.ShouldBeEmpty();
    }

    [Fact]
    public void A_boundary_that_only_starts_like_ours_is_content()
    {
        var message = Parse("Content-Type: multipart/mixed; boundary=ab\r\n\r\n--ab\r\n\r\n--abc not a delimiter\r\n--ab--\r\n");

        message.Root.Parts.Count.ShouldBe(1);
        Encoding.ASCII.GetString(message.Root.Parts[0].BodyBytes.Span).ShouldBe("--abc not a delimiter");
    }

    [Fact]
    public void Depth_beyond_the_limit_stays_whole_and_is_reported()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            text.Append($"Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n");
        }

        var message = Parse(text.Append("\r\nleaf\r\n").ToString(), MimeLimits.Default with { MaxDepth = 4 });

        message.Root.Walk().Count().ShouldBe(5);
        message.Repairs.ShouldContain(r => r.Kind == RepairKind.TooDeep);
    }

    [Fact]
    public void Part_and_header_counts_are_bounded()
    {
        var parts = new StringBuilder("Content-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (var i = 0; i < 50; i++)
        {
            parts.Append("--b\r\n\r\npart\r\n");
        }

        var headers = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            headers.Append($"X-{i}: v\r\n");
        }

        var limits = MimeLimits.Default with { MaxParts = 10, MaxHeaders = 20 };
        var many = Parse(parts.Append("--b--\r\n").ToString(), limits);
        var flood = Parse(headers.Append("\r\nbody").ToString(), limits);

        many.Root.Walk().Count().ShouldBe(10);
        many.Repairs.ShouldContain(r => r.Kind == RepairKind.TooManyParts);
        flood.Headers.Count.ShouldBe(20);
        Encoding.ASCII.GetString(flood.Root.BodyBytes.Span).ShouldBe("body");
        flood.Repairs.ShouldContain(r => r.Kind == RepairKind.TooManyHeaders);
    }

    [Fact]
    public void Repairs_are_recorded_with_their_offsets()
    {
        var message = Parse("Content-Type: multipart/mixed\r\n\r\nno boundary parameter\r\n");

        message.Repairs.ShouldHaveSingleItem().Kind.ShouldBe(RepairKind.MissingBoundaryParameter);
        message.Root.IsMultipart.ShouldBeFalse();
    }

    [Fact]
    public void A_message_rfc822_part_with_a_transfer_encoding_stays_whole()
    {
        var message = Parse("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\nU3ViamVjdDogeA==\r\n--b--\r\n");

        message.Root.Parts[0].Message.ShouldBeNull();
        message.Repairs.ShouldContain(r => r.Kind == RepairKind.EncodedMessagePart);
    }

    [Theory]
    [InlineData("SGVsbG8sIHdvcmxkIQ==", "Hello, world!")]
    [InlineData("SGVs\r\nbG8s\r\n IHdv cmxk\r\nIQ==", "Hello, world!")]
    [InlineData("SGVsbG8s*IHdvcmxk\r\nIQ!!==", "Hello, world!")] // garbage
    [InlineData("SGVsbG8sIHdvcmxkIQ", "Hello, world!")] // missing padding
    [InlineData("", "")]
    public void Base64_is_decoded_tolerantly(string encoded, string expected) =>
        Encoding.ASCII.GetString(Base64Decoder.Decode(Encoding.ASCII.GetBytes(encoded))).ShouldBe(expected);

    [Theory]
    [InlineData("caf=C3=A9", "café")]
    [InlineData("soft=\r\nbreak", "softbreak")]
    [InlineData("trailing   \r\nblank", "trailing\r\nblank")]
    [InlineData("bare\nlf", "bare\r\nlf")]
    [InlineData("bad =ZZ and =", "bad =ZZ and ")] // a final '=' is a soft break
    [InlineData("lower =c3=a9", "lower é")]
    public void Quoted_printable_is_decoded(string encoded, string expected) =>
        Encoding.UTF8.GetString(QuotedPrintableDecoder.Decode(Encoding.ASCII.GetBytes(encoded))).ShouldBe(expected);

    [Fact]
    public void Text_is_decoded_in_its_charset()
    {
        byte[] latin1Bytes = [.. "Content-Type: text/plain; charset=iso-8859-1\r\n\r\n"u8, 0xE9, 0x74, 0xE9];
        byte[] unknownBytes = [.. "Content-Type: text/plain; charset=x-bogus\r\n\r\n"u8, .. Encoding.UTF8.GetBytes("été")];
        var latin1 = MimeParser.Parse(latin1Bytes);
        var unknown = MimeParser.Parse(unknownBytes);

        latin1.Root.DecodeText().ShouldBe("été");
        unknown.Root.DecodeText().ShouldBe("été");
    }
}
