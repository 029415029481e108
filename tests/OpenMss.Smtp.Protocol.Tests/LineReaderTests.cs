using System.Buffers;
using System.Text;

namespace OpenMss.Smtp.Protocol.Tests;

public sealed class LineReaderTests
{
    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.ASCII.GetBytes(text));

    [Fact]
    public void Lines_end_in_crlf_and_need_more_until_then()
    {
        var buffer = Bytes("NOOP\r\nQUIT");

        LineReader.TryRead(ref buffer, 512, out var line).ShouldBe(LineStatus.Line);
        Encoding.ASCII.GetString(line.ToArray()).ShouldBe("NOOP");
        LineReader.TryRead(ref buffer, 512, out _).ShouldBe(LineStatus.NeedMore);
        buffer.Length.ShouldBe(4);
    }

    [Fact]
    public void A_bare_lf_is_reported_and_consumed()
    {
        var buffer = Bytes("NOOP\nQUIT\r\n");

        LineReader.TryRead(ref buffer, 512, out _).ShouldBe(LineStatus.BareLineFeed);
        LineReader.TryRead(ref buffer, 512, out var line).ShouldBe(LineStatus.Line);
        Encoding.ASCII.GetString(line.ToArray()).ShouldBe("QUIT");
    }

    [Fact]
    public void An_overlong_line_is_reported_and_skipped_to_its_end()
    {
        var buffer = Bytes(new string('A', 600));

        LineReader.TryRead(ref buffer, 512, out _).ShouldBe(LineStatus.TooLong);
        LineReader.Skip(ref buffer).ShouldBeFalse();
        buffer.Length.ShouldBe(0);
        var rest = Bytes("AAAA\r\nNOOP\r\n");
        LineReader.Skip(ref rest).ShouldBeTrue();
        LineReader.TryRead(ref rest, 512, out var line).ShouldBe(LineStatus.Line);
        Encoding.ASCII.GetString(line.ToArray()).ShouldBe("NOOP");
    }

    [Fact]
    public void A_line_of_exactly_the_limit_is_accepted()
    {
        var buffer = Bytes(new string('A', 512) + "\r\n");

        LineReader.TryRead(ref buffer, 512, out var line).ShouldBe(LineStatus.Line);
        line.Length.ShouldBe(512);
    }
}
