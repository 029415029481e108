using System.Text;

namespace OpenMss.Mime.Writing;

/// <summary>
/// Writes header values: ASCII text as it is, other text as RFC 2047 encoded words (UTF-8, base64), each at most
/// 60 characters (RFC 2047 allows 75); long fields folded so that no line passes 78 characters (RFC 5322 §2.1.1).
/// </summary>
public static class HeaderEncoder
{
    public const int MaxLine = 78;
    // Under RFC 2047's 75 so that the first word still fits on the line after a field name such as "Subject: ".
    private const int MaxEncodedWord = 60;
    private const string Prefix = "=?utf-8?B?";

    /// <summary>An RFC 5322 quoted-string: backslash and double quote escaped.</summary>
    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public static bool IsPlainAscii(string text) => text.All(c => c is >= ' ' and <= '~');

    /// <summary>Unstructured text (Subject): words, or encoded words when there is non-ASCII, folded.</summary>
    public static string Text(string text, int nameLength) =>
        Fold(IsPlainAscii(text) ? text.Split(' ') : EncodedWords(text), nameLength);

    /// <summary>An address list, folded between its words (never inside one).</summary>
    public static string AddressList(IReadOnlyList<MessageAddress> addresses, int nameLength)
    {
        var tokens = new List<string>();
        for (var i = 0; i < addresses.Count; i++)
        {
            var address = addresses[i];
            var comma = i < addresses.Count - 1 ? "," : "";
            if (address.Name is { Length: > 0 } name)
            {
                tokens.AddRange(PhraseTokens(name));
                tokens.Add($"<{address.Address}>{comma}");
            }
            else
            {
                tokens.Add(address.Address + comma);
            }
        }

        return Fold(tokens, nameLength);
    }

    /// <summary>Joins tokens with blanks, starting a new line (CRLF and a blank) before a token that would pass 78.</summary>
    private static string Fold(IEnumerable<string> tokens, int nameLength)
    {
        var result = new StringBuilder();
        var column = nameLength + 2;
        var first = true;
        foreach (var token in tokens)
        {
            if (!first)
            {
                if (column + 1 + token.Length > MaxLine)
                {
                    result.Append("\r\n ");
                    column = 1;
                }
                else
                {
                    result.Append(' ');
                    column++;
                }
            }

            result.Append(token);
            column += token.Length;
            first = false;
        }

        return result.ToString();
    }

    /// <summary>A display name as tokens: atoms, one quoted string, or encoded words.</summary>
    private static IEnumerable<string> PhraseTokens(string name)
    {
        if (!IsPlainAscii(name))
        {
            return EncodedWords(name);
        }

        return name.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ' || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal))
            ? name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : [Quote(name)];
    }

    /// <summary>UTF-8 base64 encoded words of at most <see cref="MaxEncodedWord"/> characters, never splitting a character.</summary>
    private static List<string> EncodedWords(string text)
    {
        var words = new List<string>();
        var budget = (MaxEncodedWord - Prefix.Length - 2) / 4 * 3; // bytes that fit in one word
        var current = new List<byte>();
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(bytes);
            if (current.Count + length > budget)
            {
                words.Add(Prefix + Convert.ToBase64String([.. current]) + "?=");
                current.Clear();
            }

            current.AddRange(bytes[..length].ToArray());
        }

        if (current.Count > 0 || words.Count == 0)
        {
            words.Add(Prefix + Convert.ToBase64String([.. current]) + "?=");
        }

        return words;
    }

    /// <summary>
    /// A parameter (RFC 2045 / RFC 2231): quoted when ASCII and short, else <c>name*N*=utf-8''%XX</c> sections,
    /// each on its own folded line.
    /// </summary>
    public static string Parameter(string name, string value)
    {
        if (IsPlainAscii(value) && name.Length + value.Length + 6 <= MaxLine)
        {
            return $"{name}={Quote(value)}";
        }

        var encoded = new StringBuilder("utf-8''");
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            encoded.Append(b is > 32 and < 127 && !"%'*()<>@,;:\\\"/[]?= ".Contains((char)b, StringComparison.Ordinal) ? ((char)b).ToString() : $"%{b:X2}");
        }

        var sections = new List<string>();
        var text = encoded.ToString();
        var room = MaxLine - name.Length - 10;
        var position = 0;
        while (position < text.Length)
        {
            var length = Math.Min(room, text.Length - position);
            if (position + length < text.Length)
            {
                // Never cut a %XX escape.
                var percent = text.LastIndexOf('%', position + length - 1, Math.Min(2, length));
                if (percent >= position + length - 2 && percent >= position)
                {
                    length = percent - position;
                }
            }

            sections.Add(text.Substring(position, length));
            position += length;
        }

        return sections.Count == 1
            ? $"{name}*={sections[0]}"
            : string.Join(";\r\n ", sections.Select((s, i) => $"{name}*{i}*={s}"));
    }
}
