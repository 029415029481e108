using System.Buffers;
using System.Text;

namespace OpenMss.Smtp.Protocol.Tests;

/// <summary>DATA and BDAT content: unstuffing, the one true terminator, limits and anomalies, at every split point.</summary>
public sealed class ContentReaderTests
{
    private sealed class Sink : IContentSink
    {
        public MemoryStream Bytes { get; } = new();

        public void Write(ReadOnlySpan<byte> bytes) => Bytes.Write(bytes);

        public string Text => Encoding.UTF8.GetString(Bytes.ToArray());
    }

    /// <summary>Feeds the input split at <paramref name="split"/> (then the rest), as two network reads would.</summary>
    private static (bool Done, string Content, string Remaining, MessageContentReader Reader) Data(string input, int split, long max = 1000)
    {
        var sink = new Sink();
        var reader = new MessageContentReader(max, sink);
        var bytes = Encoding.UTF8.GetBytes(input);
        var first = new ReadOnlySequence<byte>(bytes, 0, split);
        var done = reader.ReadData(ref first);
        var rest = bytes[split..];
        if (!done)
        {
            var second = new ReadOnlySequence<byte>(rest);
            done = reader.ReadData(ref second);
            rest = second.ToArray();
        }
        else
        {
            rest = [.. first.ToArray(), .. rest];
        }

        return (done, sink.Text, Encoding.UTF8.GetString(rest), reader);
    }

    public static TheoryData<string, string, string> Messages => new()
    {
        { "Subject: a\r\n\r\nbody\r\n.\r\n", "Subject: a\r\n\r\nbody\r\n", "" },
        { ".\r\n", "", "" },
        { "..leading dot\r\n...\r\n.\r\nQUIT\r\n", ".leading dot\r\n..\r\n", "QUIT\r\n" },
        { "a\r\n.x\r\n.\r\n", "a\r\nx\r\n", "" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Content_is_unstuffed_and_ends_exactly_at_crlf_dot_crlf_whatever_the_split(string input, string content, string rest)
    {
        for (var split = 0; split <= Encoding.UTF8.GetByteCount(input); split++)
        {
            var result = Data(input, split);
            (result.Done, result.Content, result.Remaining).ShouldBe((true, content, rest), $"split at {split}");
            result.Reader.BareLineEnd.ShouldBeFalse();
        }
    }

    [Theory]
    [InlineData("a\n.\nMAIL FROM:<x@y.fr>\r\n.\r\n")]
    [InlineData("a\r\n.\nRCPT TO:<x@y.fr>\r\n.\r\n")]
    [InlineData("a\n.\r\nb\r\n.\r\n")]
    [InlineData("a\r.\r\nb\r\n.\r\n")]
    public void Smuggling_sequences_do_not_end_the_message_and_are_flagged(string input)
    {
        var result = Data(input, input.Length);

        result.Done.ShouldBeTrue();
        result.Remaining.ShouldBe("");
        result.Reader.BareLineEnd.ShouldBeTrue();
    }

    [Fact]
    public void Beyond_the_limit_content_is_read_to_the_end_but_not_kept()
    {
        var result = Data("0123456789\r\n0123456789\r\n.\r\nNOOP\r\n", 5, max: 8);

        result.Done.ShouldBeTrue();
        result.Content.ShouldBe("01234567");
        result.Reader.TooLarge.ShouldBeTrue();
        result.Reader.Size.ShouldBe(24);
        result.Remaining.ShouldBe("NOOP\r\n");
    }

    [Fact]
    public void Nul_bytes_are_flagged()
    {
        Data("a\0b\r\n.\r\n", 2).Reader.HasNul.ShouldBeTrue();
    }

    [Fact]
    public void Bdat_chunks_are_taken_as_they_are_and_checked_across_chunks()
    {
        var sink = new Sink();
        var reader = new MessageContentReader(1000, sink);
        var first = new ReadOnlySequence<byte>("Subject: x\r"u8.ToArray());
        var second = new ReadOnlySequence<byte>("\n\r\n.body\r\nNOOP\r\n"u8.ToArray());

        reader.ReadChunk(ref first, 11).ShouldBe(11);
        reader.ReadChunk(ref second, 10).ShouldBe(10);
        reader.EndChunks();

        sink.Text.ShouldBe("Subject: x\r\n\r\n.body\r\n");
        Encoding.ASCII.GetString(second.ToArray()).ShouldBe("NOOP\r\n");
        reader.BareLineEnd.ShouldBeFalse();
        var bare = new MessageContentReader(1000, new Sink());
        var lf = new ReadOnlySequence<byte>("a\nb"u8.ToArray());
        bare.ReadChunk(ref lf, 3);
        bare.BareLineEnd.ShouldBeTrue();
    }
}
