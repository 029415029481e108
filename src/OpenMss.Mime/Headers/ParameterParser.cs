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

            var name = item[..equals].Trim().ToString().ToLowerInvariant();
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
                result.Add(new Parameter(name, plain[name]));
                continue;
            }

            var parts = found.OrderBy(s => s.Index).ToList();
            string? charset = null;
            var encodedText = new StringBuilder();
            var bytes = new List<byte>();
            var anyEncoded = parts.Exists(p => p.Encoded);
            for (var i = 0; i < parts.Count; i++)
            {
                var value = parts[i].Value;
                if (parts[i].Encoded && i == 0)
                {
                    var first = value.IndexOf('\'', StringComparison.Ordinal);
                    var second = first < 0 ? -1 : value.IndexOf('\'', first + 1);
                    if (second > first)
                    {
                        charset = value[..first];
                        encodedText.Append(value);
                        value = value[(second + 1)..];
                    }
                    else
                    {
                        encodedText.Append(value);
                    }
                }
                else
                {
                    encodedText.Append(parts[i].Encoded ? value : PercentEncode(value));
                }

                if (parts[i].Encoded)
                {
                    PercentDecode(value, bytes);
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(value));
                }
            }

            var decoded = (Charsets.Find(charset) ?? Encoding.UTF8).GetString([.. bytes]);
            result.Add(new Parameter(name, decoded, anyEncoded ? encodedText.ToString() : null));
        }

        return new ParameterList(result);
    }

    private static void PercentDecode(string value, List<byte> bytes)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                bytes.Add((byte)((Uri.FromHex(value[i + 1]) << 4) | Uri.FromHex(value[i + 2])));
                i += 2;
            }
            else if (c < 128)
            {
                bytes.Add((byte)c);
            }
            else
            {
                var length = char.IsSurrogate(c) ? 0 : Encoding.UTF8.GetBytes([c], utf8);
                for (var k = 0; k < length; k++)
                {
                    bytes.Add(utf8[k]);
                }
            }
        }
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
