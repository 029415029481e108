using System.Buffers;

namespace OpenMss.Smtp.Protocol;

public enum LineStatus
{
    /// <summary>A line ending in CRLF was read (the line excludes the CRLF).</summary>
    Line,

    /// <summary>No line end yet; read more.</summary>
    NeedMore,

    /// <summary>The line ends in a bare LF (it was consumed); SMTP lines end in CRLF (RFC 5321 §2.3.8).</summary>
    BareLineFeed,

    /// <summary>More than the limit without a line end; the caller skips to the next LF with <see cref="LineReader.Skip"/>.</summary>
    TooLong,
}

/// <summary>Splits SMTP command lines out of buffered input, bounded by a maximum length.</summary>
public static class LineReader
{
    public static LineStatus TryRead(ref ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> line)
    {
        line = default;
        var window = buffer.Length > maxLength + 2 ? buffer.Slice(0, maxLength + 2) : buffer;
        var lf = window.PositionOf((byte)'\n');
        if (lf is null)
        {
            return buffer.Length > maxLength + 1 ? LineStatus.TooLong : LineStatus.NeedMore;
        }

        var withoutLf = buffer.Slice(0, lf.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, lf.Value));
        if (withoutLf.IsEmpty || LastByte(withoutLf) != '\r')
        {
            return LineStatus.BareLineFeed;
        }

        line = withoutLf.Slice(0, withoutLf.Length - 1);
        return LineStatus.Line;
    }

    /// <summary>Drops input up to and including the next LF; false when there is none yet (all was dropped).</summary>
    public static bool Skip(ref ReadOnlySequence<byte> buffer)
    {
        var lf = buffer.PositionOf((byte)'\n');
        if (lf is null)
        {
            buffer = buffer.Slice(buffer.End);
            return false;
        }

        buffer = buffer.Slice(buffer.GetPosition(1, lf.Value));
        return true;
    }

    private static byte LastByte(in ReadOnlySequence<byte> sequence)
    {
        var last = sequence.Slice(sequence.Length - 1);
        return last.FirstSpan[0];
    }
}
