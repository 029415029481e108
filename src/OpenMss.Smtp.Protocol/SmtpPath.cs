namespace OpenMss.Smtp.Protocol;

/// <summary>RFC 5321 §4.1.2 paths and mailboxes; RFC 6531 widens atext and sub-domains to UTF-8 under SMTPUTF8.</summary>
public static class SmtpPath
{
    public const int MaxLocalPart = 64;
    public const int MaxDomain = 255;
    public const int MaxPath = 256;

    /// <summary>
    /// Path = "&lt;" [ A-d-l ":" ] Mailbox "&gt;" (a source route is accepted and ignored, §4.1.1.3); Reverse-path may
    /// also be "&lt;&gt;". Returns the mailbox, "" for the null path, or null when the text is not a path.
    /// </summary>
    public static string? ParsePath(string text, bool allowNull, bool utf8)
    {
        if (text.Length < 2 || text[0] != '<' || text[^1] != '>' || text.Length > MaxPath + 2)
        {
            return null;
        }

        var inner = text[1..^1];
        if (inner.Length == 0)
        {
            return allowNull ? "" : null;
        }

        if (inner[0] == '@')
        {
            var colon = inner.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return null;
            }

            inner = inner[(colon + 1)..];
        }

        return IsMailbox(inner, utf8) ? inner : null;
    }

    /// <summary>Mailbox = Local-part "@" ( Domain / address-literal ).</summary>
    public static bool IsMailbox(string mailbox, bool utf8)
    {
        var at = mailbox.LastIndexOf('@');
        if (at <= 0 || at == mailbox.Length - 1)
        {
            return false;
        }

        var local = mailbox[..at];
        var domain = mailbox[(at + 1)..];
        return (IsDotString(local, utf8) || IsQuotedString(local, utf8)) && local.Length <= MaxLocalPart
            && (IsDomain(domain, utf8) || IsAddressLiteral(domain)) && domain.Length <= MaxDomain;
    }

    /// <summary>Dot-string = Atom *("." Atom).</summary>
    private static bool IsDotString(string text, bool utf8) =>
        text.Split('.').All(atom => atom.Length > 0 && atom.All(c => IsAtext(c, utf8)));

    /// <summary>Quoted-string = DQUOTE *QcontentSMTP DQUOTE; qtextSMTP is %d32-33 / %d35-91 / %d93-126, quoted-pairSMTP is "\" %d32-126.</summary>
    private static bool IsQuotedString(string text, bool utf8)
    {
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return false;
        }

        for (var i = 1; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                if (++i >= text.Length - 1 || text[i] is < ' ' or > '~')
                {
                    return false;
                }
            }
            else if (!((c >= ' ' && c <= '~' && c != '"') || (utf8 && c > 0x7F)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Domain = sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str].</summary>
    private static bool IsDomain(string text, bool utf8) =>
        text.Split('.').All(label => label.Length is > 0 and <= 63
            && IsLetDig(label[0], utf8) && IsLetDig(label[^1], utf8) && label.All(c => IsLetDig(c, utf8) || c == '-'));

    /// <summary>address-literal = "[" ( IPv4 / "IPv6:" IPv6 / General ) "]", checked loosely: brackets and dcontent.</summary>
    private static bool IsAddressLiteral(string text) =>
        text.Length > 2 && text[0] == '[' && text[^1] == ']' && text[1..^1].All(c => c is >= '!' and <= '~' and not '[' and not ']' and not '\\');

    private static bool IsAtext(char c, bool utf8) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal) || (utf8 && c > 0x7F && !char.IsControl(c));

    private static bool IsLetDig(char c, bool utf8) => char.IsAsciiLetterOrDigit(c) || (utf8 && c > 0x7F && !char.IsControl(c));
}
