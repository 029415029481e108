using System.Buffers.Text;
using System.Text;

namespace OpenMss.Mime.Headers;

/// <summary>
/// RFC 2047 decoding: <c>=?charset[*language]?B|Q?text?=</c> words, in any charset the runtime knows. White space
/// between two encoded words is dropped (§6.2); a word that cannot be decoded stays as it is.
/// </summary>
public static class EncodedWords
{
    public static string Decode(string value)
    {
        if (!value.Contains("=?", StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        var position = 0;
        var previousWasEncoded = false;
        while (position < value.Length)
        {
            var start = value.IndexOf("=?", position, StringComparison.Ordinal);
            if (start < 0)
            {
                result.Append(value, position, value.Length - position);
                break;
            }

            if (TryDecodeWord(value, start, out var decoded, out var wordEnd))
            {
                var between = value.AsSpan(position, start - position);
                if (!(previousWasEncoded && between.IsWhiteSpace()))
                {
                    result.Append(between);
                }

                result.Append(decoded);
                previousWasEncoded = true;
                position = wordEnd;
            }
            else
            {
                result.Append(value, position, start + 2 - position);
                previousWasEncoded = false;
                position = start + 2;
            }
        }

        return result.ToString();
    }

    // Searches stay within these windows, so hostile headers full of "=?" cost linear time.
    private const int MaxCharsetLength = 64;
    private const int MaxWordLength = 4096;

    private static bool TryDecodeWord(string value, int start, out string decoded, out int end)
    {
        decoded = "";
        end = start;
        var charsetEnd = value.IndexOf('?', start + 2, Math.Min(MaxCharsetLength, value.Length - start - 2));
        if (charsetEnd < 0 || charsetEnd + 2 >= value.Length || value[charsetEnd + 2] != '?')
        {
            return false;
        }

        var textStart = charsetEnd + 3;
        var textEnd = value.IndexOf("?=", textStart, Math.Min(MaxWordLength, value.Length - textStart), StringComparison.Ordinal);
        if (textEnd < 0)
        {
            return false;
        }

        var charsetName = value[(start + 2)..charsetEnd];
        var star = charsetName.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0)
        {
            charsetName = charsetName[..star]; // RFC 2231 §5 language suffix
        }

        var text = value.AsSpan(textStart, textEnd - textStart);
        if (charsetName.Length == 0 || charsetName.AsSpan().ContainsAny(" \t") || text.ContainsAny(" \t"))
        {
            return false;
        }

        var encoding = Charsets.Find(charsetName);
        if (encoding is null)
        {
            return false;
        }

        byte[] bytes;
        switch (value[charsetEnd + 1])
        {
            case 'B' or 'b':
                bytes = DecodeBase64(text);
                break;
            case 'Q' or 'q':
                bytes = DecodeQ(text);
                break;
            default:
                return false;
        }

        decoded = encoding.GetString(bytes);
        end = textEnd + 2;
        return true;
    }

    private static byte[] DecodeBase64(ReadOnlySpan<char> text)
    {
        Span<byte> ascii = text.Length <= 1024 ? stackalloc byte[text.Length + 3] : new byte[text.Length + 3];
        var length = 0;
        foreach (var c in text)
        {
            if (c < 128 && c != '=')
            {
                ascii[length++] = (byte)c;
            }
        }

        // Missing padding is common in the wild: put it back.
        while (length % 4 != 0)
        {
            ascii[length++] = (byte)'=';
        }

        var output = new byte[Base64.GetMaxDecodedFromUtf8Length(length)];
        return Base64.DecodeFromUtf8(ascii[..length], output, out _, out var written) == System.Buffers.OperationStatus.Done
            ? output[..written]
            : Encodings.Base64Decoder.Decode(ascii[..length]);
    }

    private static byte[] DecodeQ(ReadOnlySpan<char> text)
    {
        var output = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '_')
            {
                output.Add((byte)' ');
            }
            else if (c == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                output.Add((byte)Convert.ToInt32(text.Slice(i + 1, 2).ToString(), 16));
                i += 2;
            }
            else
            {
                output.Add((byte)(c < 256 ? c : '?'));
            }
        }

        return [.. output];
    }
}
