using System.Text;
using System.Text.RegularExpressions;
using OpenMss.Imap.Protocol;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server;

/// <summary>Mailbox names on the wire: modified UTF-7 (UTF-8 under IMAP4rev2), always quoted; LIST patterns with "*" and "%".</summary>
internal static class MailboxNames
{
    /// <summary>A mailbox name as a quoted string (RFC 3501 §4.3: \ and " escaped); in UTF-8 when <paramref name="utf8"/> (RFC 9051 §5.1).</summary>
    public static string Quoted(string name, bool utf8 = false)
    {
        var encoded = utf8 ? name : ModifiedUtf7.Encode(name);
        var builder = new StringBuilder(encoded.Length + 2).Append('"');
        foreach (var c in encoded)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }

    /// <summary>
    /// RFC 3501 §6.3.8: the reference and the pattern are joined; "*" matches any characters, "%" any but the
    /// hierarchy delimiter. INBOX matches case-insensitively.
    /// </summary>
    public static Regex Pattern(string reference, string pattern)
    {
        var joined = reference.Length == 0 || pattern.StartsWith(Folder.HierarchyDelimiter) ? pattern : reference.TrimEnd(Folder.HierarchyDelimiter) + Folder.HierarchyDelimiter + pattern;
        var regex = new StringBuilder("^");
        foreach (var c in joined)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '%' => $"[^{Regex.Escape(Folder.HierarchyDelimiter.ToString())}]*",
                _ => Regex.Escape(c.ToString()),
            });
        }

        var text = regex.Append('$').ToString();
        return new Regex(text.StartsWith("^INBOX", StringComparison.OrdinalIgnoreCase) ? "(?i)" + text : text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
