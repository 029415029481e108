using System.Text;

namespace OpenMss.Imap.Protocol;

/// <summary>
/// Mailbox names in modified UTF-7 (RFC 3501 §5.1.3): printable ASCII stands for itself ("&amp;" as "&amp;-"), other
/// characters go as UTF-16 in modified base64 (',' for '/') between "&amp;" and "-". Decoding is strict: a name that
/// is not valid modified UTF-7 is refused rather than guessed.
/// </summary>
public static class ModifiedUtf7
{
    public static string Encode(string name)
    {
        var output = new StringBuilder(name.Length);
        var pending = new List<char>();
        foreach (var c in name)
        {
            if (c is >= ' ' and <= '~')
            {
                Flush(output, pending);
                output.Append(c == '&' ? "&-" : c);
            }
            else
            {
                pending.Add(c);
            }
        }

        Flush(output, pending);
        return output.ToString();
    }

    /// <returns>The name, or null when the text is not valid modified UTF-7.</returns>
    public static string? Decode(string text)
    {
        var output = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is < ' ' or > '~')
            {
                return null;
            }

            if (c != '&')
            {
                output.Append(c);
                continue;
            }

            var end = text.IndexOf('-', i + 1);
            if (end < 0)
            {
                return null;
            }

            if (end == i + 1)
            {
                output.Append('&');
                i = end;
                continue;
            }

            var base64 = text[(i + 1)..end].Replace(',', '/');
            if (base64.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '+' or '/')))
            {
                return null;
            }

            var padded = base64.PadRight((base64.Length + 3) / 4 * 4, '=');
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(padded);
            }
            catch (FormatException)
            {
                return null;
            }

            if (bytes.Length % 2 != 0)
            {
                return null;
            }

            var decoded = Encoding.BigEndianUnicode.GetString(bytes);
            // An encoded run must not hold what could have been written as itself.
            if (decoded.Any(ch => ch is >= ' ' and <= '~'))
            {
                return null;
            }

            output.Append(decoded);
            i = end;
        }

        return output.ToString();
    }

    private static void Flush(StringBuilder output, List<char> pending)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var base64 = Convert.ToBase64String(Encoding.BigEndianUnicode.GetBytes([.. pending])).TrimEnd('=').Replace('/', ',');
        output.Append('&').Append(base64).Append('-');
        pending.Clear();
    }
}
