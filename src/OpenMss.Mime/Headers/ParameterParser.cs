using System.Globalization;
using System.Text;

namespace OpenMss.Mime.Headers;

/// <summary>
/// Parameters of Content-Type and Content-Disposition (RFC 2045 §5.1, RFC 2231). Splitting is tolerant in the way
/// python's email package is (on ';' outside quotes, name before the first '=', blanks trimmed), so that the
/// unquoted file names with spaces that some mailers write still read whole.
/// </summary>
internal static class ParameterParser
{
    /// <summary>Parameters read from one field; the rest are ignored (no real field has more than a handful).</summary>
    public const int MaxParameters = 128;

    /// <summary>Parses the part of a field after its first ';'.</summary>
    public static ParameterList Parse(ReadOnlySpan<char> text)
    {
        var raw = new List<(string Name, string Value, bool Quoted)>();
        while (!text.IsEmpty && raw.Count < MaxParameters)
        {
            var end = NextSemicolon(text);
            var item = text[..end].Trim();
            text = end < text.Length ? text[(end + 1)..] : [];
            if (item.IsEmpty)
            {
                continue;
            }

            var equals = item.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var name = Words.Lower(item[..equals].Trim());
            var value = item[(equals + 1)..].Trim();
            var quoted = value.Length >= 2 && value[0] == '"' && value[^1] == '"';
            raw.Add((name, quoted ? Unquote(value[1..^1]) : value.ToString(), quoted));
        }

        return Merge(raw);
    }

    private static int NextSemicolon(ReadOnlySpan<char> text)
    {
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\' when inQuotes:
                    i++;
                    break;
                case '"':
                    inQuotes = !inQuotes;
                    break;
                case ';' when !inQuotes:
                    return i;
            }
        }

        return text.Length;
    }

    private static string Unquote(ReadOnlySpan<char> text)
    {
        if (!text.Contains('\\'))
        {
            return text.ToString();
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }

            result.Append(text[i]);
        }

        return result.ToString();
    }

    /// <summary>RFC 2231: name*0, name*1… continuations merged in order; name* / name*0* sections charset-decoded.</summary>
    private static ParameterList Merge(List<(string Name, string Value, bool Quoted)> raw)
    {
        if (!raw.Exists(p => p.Name.Contains('*', StringComparison.Ordinal)))
        {
            return new ParameterList([.. raw.Select(p => new Parameter(p.Name, p.Value))]);
        }

        // Names in order of first appearance; an RFC 2231 form of a name beats a plain one.
        var order = new List<string>();
        var plain = new Dictionary<string, string>(StringComparer.Ordinal);
        var sections = new Dictionary<string, List<(int Index, string Value, bool Encoded)>>(StringComparer.Ordinal);
        foreach (var (name, value, _) in raw)
        {
            var star = name.IndexOf('*', StringComparison.Ordinal);
            var baseName = star < 0 ? name : name[..star];
            if (!plain.ContainsKey(baseName) && !sections.ContainsKey(baseName))
            {
                order.Add(baseName);
            }

            if (star < 0)
            {
                plain.TryAdd(name, value);
                continue;
            }

            var rest = name[(star + 1)..];
            var encoded = rest.Length == 0 || rest.EndsWith('*'); // name*=charset'lang'value, or name*N*=
            var indexText = rest.EndsWith('*') ? rest[..^1] : rest;
            var index = 0;
            if (indexText.Length > 0 && !int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out index))
            {
                continue;
            }

            if (!sections.TryGetValue(baseName, out var list))
            {
                sections[baseName] = list = [];
            }

            list.Add((index, value, encoded));
        }

        var result = new List<Parameter>(order.Count);
        foreach (var name in order)
        {
            if (!sections.TryGetValue(name, out var found))
            {
                // A name whose only sections were malformed ("x*bad=") has nothing left to give.
                if (plain.TryGetValue(name, out var value))
                {
                    result.Add(new Parameter(name, value));
                }

                continue;
            }

            result.Add(MergeSections(name, found));
        }

        return new ParameterList(result);
    }

    /// <summary>Merges the sections of one parameter: charset from the first, percent-decoding where marked.</summary>
    private static Parameter MergeSections(string name, List<(int Index, string Value, bool Encoded)> parts)
    {
        for (var i = 1; i < parts.Count; i++)
        {
            if (parts[i].Index < parts[i - 1].Index)
            {
                parts.Sort((a, b) => a.Index.CompareTo(b.Index));
                break;
            }
        }

        string? charset = null;
        var total = 0;
        foreach (var part in parts)
        {
            total += part.Value.Length * 3;
        }

        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(total + 4);
        try
        {
            var length = 0;
            var anyEncoded = false;
            string encodedText;
            var text = parts.Count == 1 ? null : new StringBuilder();
            for (var i = 0; i < parts.Count; i++)
            {
                var (_, value, encoded) = parts[i];
                anyEncoded |= encoded;
                var content = value.AsSpan();
                if (encoded && i == 0)
                {
                    var first = value.IndexOf('\'', StringComparison.Ordinal);
                    var second = first < 0 ? -1 : value.IndexOf('\'', first + 1);
                    if (second > first)
                    {
                        charset = value[..first];
                        content = value.AsSpan(second + 1);
                    }
                }

                text?.Append(encoded ? value : PercentEncode(value));
                length += encoded ? PercentDecode(content, buffer.AsSpan(length)) : Encoding.UTF8.GetBytes(content, buffer.AsSpan(length));
            }

            encodedText = text?.ToString() ?? parts[0].Value;
            var decoded = (Charsets.Find(charset) ?? Encoding.UTF8).GetString(buffer, 0, length);
            return new Parameter(name, decoded, anyEncoded ? encodedText : null);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int PercentDecode(ReadOnlySpan<char> value, Span<byte> output)
    {
        var length = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                output[length++] = (byte)((Uri.FromHex(value[i + 1]) << 4) | Uri.FromHex(value[i + 2]));
                i += 2;
            }
            else if (c < 128)
            {
                output[length++] = (byte)c;
            }
            else if (!char.IsSurrogate(c))
            {
                length += Encoding.UTF8.GetBytes([c], output[length..]);
            }
        }

        return length;
    }

    private static string PercentEncode(string value)
    {
        var result = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is > 32 and < 127 and not (byte)'%' and not (byte)'\'' and not (byte)'*')
            {
                result.Append((char)b);
            }
            else
            {
                result.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 15]);
            }
        }

        return result.ToString();
    }

    private const string HexDigits = "0123456789ABCDEF";
}
