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
    public static byte[] Decode(ReadOnlySpan<byte> encoded) => Decode(encoded, out _);

    /// <param name="repaired">True when garbage or bad padding had to be worked around.</param>
    public static byte[] Decode(ReadOnlySpan<byte> encoded, out bool repaired)
    {
        var output = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        var status = Base64.DecodeFromUtf8(encoded, output, out _, out var written);
        if (status == OperationStatus.Done)
        {
            repaired = false;
            return written == output.Length ? output : output[..written];
        }

        repaired = true;
        return DecodeLeniently(encoded);
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
