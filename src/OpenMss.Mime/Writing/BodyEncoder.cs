using System.Text;

namespace OpenMss.Mime.Writing;

/// <summary>Transfer encodings for writing: 7bit when the text allows it, quoted-printable otherwise, base64 for files.</summary>
public static class BodyEncoder
{
    private const int MaxQuotedPrintableLine = 76;

    /// <summary>Text with CRLF line breaks, and the transfer encoding it needs.</summary>
    public static (string Encoding, string Body) Text(string text)
    {
        var normalised = text.ReplaceLineEndings("\r\n");
        if (!normalised.EndsWith("\r\n", StringComparison.Ordinal))
        {
            normalised += "\r\n";
        }

        var lines = normalised.Split("\r\n");
        return lines.All(l => l.Length <= 998 && l.All(c => c is >= ' ' and <= '~' or '\t') && !l.StartsWith("--", StringComparison.Ordinal))
            ? ("7bit", normalised)
            : ("quoted-printable", QuotedPrintable(Encoding.UTF8.GetBytes(normalised)));
    }

    /// <summary>RFC 2045 §6.7: lines of at most 76 characters, soft breaks, '=' and 8-bit as =XX, no trailing blanks.</summary>
    public static string QuotedPrintable(ReadOnlySpan<byte> content)
    {
        var output = new StringBuilder(content.Length * 3 / 2);
        var column = 0;
        for (var i = 0; i < content.Length; i++)
        {
            var b = content[i];
            if (b == '\r' && i + 1 < content.Length && content[i + 1] == '\n')
            {
                output.Append("\r\n");
                column = 0;
                i++;
                continue;
            }

            var atLineEnd = i + 1 == content.Length || content[i + 1] == '\r';
            // A line starting with "--" could be read as a boundary; "." alone is an SMTP end: escape both.
            var escapeStart = column == 0 && (b == '-' || b == '.');
            var literal = b is >= 33 and <= 126 && b != '=' && !escapeStart || b is (byte)' ' or (byte)'\t' && !atLineEnd;
            var token = literal ? ((char)b).ToString() : $"={b:X2}";
            if (column + token.Length > MaxQuotedPrintableLine - 1)
            {
                output.Append("=\r\n");
                column = 0;
            }

            output.Append(token);
            column += token.Length;
        }

        return output.ToString();
    }

    /// <summary>Base64 in lines of 76 characters (RFC 2045 §6.8).</summary>
    public static string Base64(byte[] content) =>
        Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks) + (content.Length > 0 ? "\r\n" : "");
}
