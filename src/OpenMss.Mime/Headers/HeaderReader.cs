using System.Text;

namespace OpenMss.Mime.Headers;

/// <summary>
/// Reads an RFC 5322 header block from an offset: fields, folded continuation lines, and the empty line that ends
/// the block. Like python's email package, a line that is neither a field nor a continuation ends the block
/// without an empty line: it is the first line of the body (and a repair is recorded).
/// </summary>
internal static class HeaderReader
{
    /// <returns>The fields and the offset where the body starts (after the empty line, if any).</returns>
    public static (HeaderList Headers, int BodyStart) Read(ReadOnlyMemory<byte> message, int start, int end, MimeLimits limits, RepairLog repairs, bool topLevel)
    {
        var span = message.Span;
        var headers = new List<Header>();
        var position = start;
        var longLineReported = false;

        // An mbox "From " separator line before the first field (never a field: no colon in "From ").
        if (topLevel && span[position..end].StartsWith("From "u8))
        {
            repairs.Add(position, RepairKind.MboxFromLine, "An mbox 'From ' line before the header was skipped.");
            position = LineEnd(span, position, end);
            start = position;
        }

        while (position < end)
        {
            var lineEnd = LineEnd(span, position, end);
            var line = span[position..lineEnd];
            if (IsBlank(line))
            {
                return (new HeaderList(headers), lineEnd);
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsFieldName(line[..colon]))
            {
                repairs.Add(position, RepairKind.MissingHeaderSeparator, "A line that is not a header field ended the header without an empty line.");
                return (new HeaderList(headers), position);
            }

            // The field runs on over continuation lines (starting with a space or a tab).
            var fieldEnd = lineEnd;
            var longest = lineEnd - position;
            while (fieldEnd < end && span[fieldEnd] is (byte)' ' or (byte)'\t')
            {
                var next = LineEnd(span, fieldEnd, end);
                longest = Math.Max(longest, next - fieldEnd);
                fieldEnd = next;
            }

            if (!longLineReported && longest > limits.MaxLineLength + 2)
            {
                repairs.Add(position, RepairKind.LineTooLong, $"A header line is longer than {limits.MaxLineLength} characters.");
                longLineReported = true;
            }

            if (headers.Count >= limits.MaxHeaders)
            {
                repairs.Add(position, RepairKind.TooManyHeaders, $"More than {limits.MaxHeaders} header fields: the rest were skipped.");
                return (new HeaderList(headers), SkipToBody(span, fieldEnd, end));
            }

            if (fieldEnd - start > limits.MaxHeaderBytes)
            {
                repairs.Add(position, RepairKind.HeaderBlockTooLarge, $"The header block is larger than {limits.MaxHeaderBytes} bytes: the rest was skipped.");
                return (new HeaderList(headers), SkipToBody(span, fieldEnd, end));
            }

            headers.Add(new Header(message, FieldName(line[..colon]), position, position + colon + 1, fieldEnd));
            position = fieldEnd;
        }

        return (new HeaderList(headers), end);
    }

    /// <summary>Offset just after the next LF (or <paramref name="end"/>).</summary>
    public static int LineEnd(ReadOnlySpan<byte> span, int position, int end)
    {
        var newline = span[position..end].IndexOf((byte)'\n');
        return newline < 0 ? end : position + newline + 1;
    }

    // Only an empty line ends the block; a line of blanks is a (empty) continuation, as python reads it too.
    private static bool IsBlank(ReadOnlySpan<byte> line) => line is [] or [(byte)'\n'] or [(byte)'\r', (byte)'\n'];

    // ftext (RFC 5322 §3.6.8), tolerating the obsolete white space before the colon.
    private static bool IsFieldName(ReadOnlySpan<byte> name)
    {
        var trimmed = name.TrimEnd(" \t"u8);
        if (trimmed.Length == 0)
        {
            return false;
        }

        foreach (var b in trimmed)
        {
            if (b is < 33 or > 126)
            {
                return false;
            }
        }

        return true;
    }

    private static string FieldName(ReadOnlySpan<byte> name) => KnownNames.Intern(name.TrimEnd(" \t"u8));

    // After a limit is hit: past the remaining fields, to the body.
    private static int SkipToBody(ReadOnlySpan<byte> span, int position, int end)
    {
        while (position < end)
        {
            var lineEnd = LineEnd(span, position, end);
            if (IsBlank(span[position..lineEnd]))
            {
                return lineEnd;
            }

            position = lineEnd;
        }

        return end;
    }
}
