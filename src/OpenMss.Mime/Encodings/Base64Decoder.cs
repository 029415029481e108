using System.Buffers;
using System.Buffers.Text;

namespace OpenMss.Mime.Encodings;

/// <summary>
/// Base64 as mail carries it: line breaks and blanks anywhere (skipped by the runtime's vectorised decoder), and
/// from broken mailers, garbage characters and missing padding (then only alphabet characters are kept and the
/// padding is mended, as python's email package does).
/// </summary>
public static class Base64Decoder
{
    private static readonly SearchValues<byte> Blanks = SearchValues.Create(" \t\r\n"u8);

    public static byte[] Decode(ReadOnlySpan<byte> encoded)
    {
        // Line breaks every 76 characters slow the runtime's decoder down; copying the lines together first
        // (a vectorised search and a memmove per line) lets one vectorised decode run over the whole body,
        // into an array of exactly the right size.
        var compact = ArrayPool<byte>.Shared.Rent(Math.Max(encoded.Length, 1));
        try
        {
            var length = 0;
            var rest = encoded;
            while (!rest.IsEmpty)
            {
                var blank = rest.IndexOfAny(Blanks);
                var run = blank < 0 ? rest : rest[..blank];
                run.CopyTo(compact.AsSpan(length));
                length += run.Length;
                rest = blank < 0 ? [] : rest[(blank + 1)..];
            }

            var text = compact.AsSpan(0, length);
            if (length % 4 == 0)
            {
                var padding = text.EndsWith("=="u8) ? 2 : text.EndsWith("="u8) ? 1 : 0;
                var output = new byte[length / 4 * 3 - padding];
                if (Base64.DecodeFromUtf8(text, output, out _, out var written) == OperationStatus.Done && written == output.Length)
                {
                    return output;
                }
            }

            return DecodeLeniently(text);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compact);
        }
    }

    private static byte[] DecodeLeniently(ReadOnlySpan<byte> encoded)
    {
        var clean = ArrayPool<byte>.Shared.Rent(encoded.Length + 4);
        try
        {
            var length = 0;
            foreach (var b in encoded)
            {
                if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'+' or (byte)'/')
                {
                    clean[length++] = b;
                }
            }

            // A lone last character carries no whole byte; otherwise pad to a multiple of four.
            if (length % 4 == 1)
            {
                length--;
            }

            while (length % 4 != 0)
            {
                clean[length++] = (byte)'=';
            }

            var output = new byte[Base64.GetMaxDecodedFromUtf8Length(length)];
            Base64.DecodeFromUtf8(clean.AsSpan(0, length), output, out _, out var written);
            return output[..written];
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(clean);
        }
    }
}
