namespace OpenMss.Mime.Encodings;

/// <summary>
/// Quoted-printable (RFC 2045 §6.7): <c>=XX</c> octets, soft line breaks, blanks before a line break dropped. An
/// <c>=</c> not followed by two hex digits is kept as it is, as python and most readers do.
/// </summary>
public static class QuotedPrintableDecoder
{
    public static byte[] Decode(ReadOnlySpan<byte> encoded)
    {
        // A bare LF becomes CRLF: at most one more byte per line.
        var output = new byte[encoded.Length + encoded.Count((byte)'\n') + 1];
        var length = 0;
        var lineStart = 0;
        while (lineStart < encoded.Length)
        {
            var newline = encoded[lineStart..].IndexOf((byte)'\n');
            var lineEnd = newline < 0 ? encoded.Length : lineStart + newline;
            var next = newline < 0 ? encoded.Length : lineEnd + 1;
            var line = encoded[lineStart..lineEnd];
            var hadBreak = newline >= 0;
            line = line.TrimEnd((byte)'\r').TrimEnd(" \t"u8);

            var soft = line.Length > 0 && line[^1] == (byte)'=';
            if (soft)
            {
                line = line[..^1];
            }

            for (var i = 0; i < line.Length; i++)
            {
                var b = line[i];
                if (b == (byte)'=' && i + 2 < line.Length && IsHex(line[i + 1]) && IsHex(line[i + 2]))
                {
                    output[length++] = (byte)((HexValue(line[i + 1]) << 4) | HexValue(line[i + 2]));
                    i += 2;
                }
                else
                {
                    output[length++] = b;
                }
            }

            if (hadBreak && !soft)
            {
                output[length++] = (byte)'\r';
                output[length++] = (byte)'\n';
            }

            lineStart = next;
        }

        return output[..length];
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'F' or >= (byte)'a' and <= (byte)'f';

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
