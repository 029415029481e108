using System.Text;

namespace OpenMss.Mime.Headers;

/// <summary>
/// Address lists (RFC 5322 §3.4, with the obsolete forms of §4.4): display names as phrases or quoted strings,
/// angle addresses with optional source routes, groups, comments (used as the name when there is none). Tolerant:
/// whatever cannot be read as an address is skipped up to the next comma.
/// </summary>
public static class AddressParser
{
    /// <summary>Bounds the entries read from one field.</summary>
    public const int MaxAddresses = 1000;

    public static IReadOnlyList<MailboxAddress> Parse(string value)
    {
        var tokens = Tokenize(value);
        var result = new List<MailboxAddress>();
        var i = 0;
        var inGroup = false;
        while (i < tokens.Count && result.Count < MaxAddresses)
        {
            var token = tokens[i];
            if (token.IsSpecial(','))
            {
                i++;
                continue;
            }

            if (token.IsSpecial(';'))
            {
                if (inGroup)
                {
                    result.Add(new MailboxAddress(null, null, null, null, AddressKind.GroupEnd));
                    inGroup = false;
                }

                i++;
                continue;
            }

            // A group starts with a phrase and ':' before any '<' or '@'.
            var colon = FindBefore(tokens, i, ':', ['<', '@', ',', ';']);
            if (!inGroup && colon >= 0)
            {
                result.Add(new MailboxAddress(Phrase(tokens, i, colon), null, null, null, AddressKind.GroupStart));
                inGroup = true;
                i = colon + 1;
                continue;
            }

            var end = i;
            while (end < tokens.Count && !tokens[end].IsSpecial(',') && !(inGroup && tokens[end].IsSpecial(';')))
            {
                end++;
            }

            if (ReadMailbox(tokens, i, end) is { } mailbox)
            {
                result.Add(mailbox);
            }

            i = end;
        }

        if (inGroup)
        {
            result.Add(new MailboxAddress(null, null, null, null, AddressKind.GroupEnd));
        }

        return result;
    }

    private static MailboxAddress? ReadMailbox(List<Token> tokens, int start, int end)
    {
        var open = -1;
        for (var k = start; k < end; k++)
        {
            if (tokens[k].IsSpecial('<'))
            {
                open = k;
                break;
            }
        }

        if (open >= 0)
        {
            var close = open + 1;
            while (close < end && !tokens[close].IsSpecial('>'))
            {
                close++;
            }

            var name = Phrase(tokens, start, open) ?? Comment(tokens, close, end);
            var inner = open + 1;
            string? route = null;
            var routeEnd = FindBefore(tokens, inner, ':', ['>']);
            if (routeEnd >= 0 && routeEnd < close && tokens[inner].IsSpecial('@'))
            {
                route = Join(tokens, inner, routeEnd);
                inner = routeEnd + 1;
            }

            var (local, domain) = AddrSpec(tokens, inner, close);
            return local is null && domain is null && name is null ? null : new MailboxAddress(name, route, local ?? "", domain);
        }

        var (bareLocal, bareDomain) = AddrSpec(tokens, start, end);
        if (bareLocal is null)
        {
            return null;
        }

        return new MailboxAddress(Comment(tokens, start, end), null, bareLocal, bareDomain);
    }

    private static (string? Local, string? Domain) AddrSpec(List<Token> tokens, int start, int end)
    {
        var at = -1;
        for (var k = end - 1; k >= start; k--)
        {
            if (tokens[k].IsSpecial('@'))
            {
                at = k;
                break;
            }
        }

        var local = new StringBuilder();
        for (var k = start; k < (at < 0 ? end : at); k++)
        {
            var t = tokens[k];
            if (t.Kind is TokenKind.Word or TokenKind.Quoted || t.IsSpecial('.'))
            {
                local.Append(t.Text);
            }
        }

        if (at < 0)
        {
            return (local.Length == 0 ? null : local.ToString(), null);
        }

        var domain = new StringBuilder();
        for (var k = at + 1; k < end; k++)
        {
            var t = tokens[k];
            if (t.Kind is TokenKind.Word or TokenKind.DomainLiteral || t.IsSpecial('.'))
            {
                domain.Append(t.Text);
            }
        }

        return (local.Length == 0 ? null : local.ToString(), domain.Length == 0 ? null : domain.ToString());
    }

    private static string? Phrase(List<Token> tokens, int start, int end)
    {
        var words = new List<string>();
        for (var k = start; k < end; k++)
        {
            if (tokens[k].Kind is TokenKind.Word or TokenKind.Quoted || tokens[k].IsSpecial('.'))
            {
                words.Add(tokens[k].Text);
            }
        }

        return words.Count == 0 ? null : string.Join(' ', words);
    }

    private static string? Comment(List<Token> tokens, int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            if (tokens[k].Kind == TokenKind.Comment && tokens[k].Text.Length > 0)
            {
                return tokens[k].Text;
            }
        }

        return null;
    }

    private static string Join(List<Token> tokens, int start, int end)
    {
        var text = new StringBuilder();
        for (var k = start; k < end; k++)
        {
            if (tokens[k].Kind != TokenKind.Comment)
            {
                text.Append(tokens[k].Text);
            }
        }

        return text.ToString();
    }

    private static int FindBefore(List<Token> tokens, int start, char wanted, char[] stops)
    {
        for (var k = start; k < tokens.Count; k++)
        {
            if (tokens[k].IsSpecial(wanted))
            {
                return k;
            }

            if (tokens[k].Kind == TokenKind.Special && stops.Contains(tokens[k].Text[0]))
            {
                return -1;
            }
        }

        return -1;
    }

    private enum TokenKind
    {
        Word,
        Quoted,
        Comment,
        DomainLiteral,
        Special,
    }

    private readonly record struct Token(TokenKind Kind, string Text)
    {
        public bool IsSpecial(char c) => Kind == TokenKind.Special && Text[0] == c;
    }

    private static List<Token> Tokenize(string value)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }
            else if (c == '"')
            {
                var text = new StringBuilder();
                i++;
                while (i < value.Length && value[i] != '"')
                {
                    if (value[i] == '\\' && i + 1 < value.Length)
                    {
                        i++;
                    }

                    text.Append(value[i++]);
                }

                i++;
                tokens.Add(new Token(TokenKind.Quoted, text.ToString()));
            }
            else if (c == '(')
            {
                var text = new StringBuilder();
                var depth = 1;
                i++;
                while (i < value.Length && depth > 0)
                {
                    if (value[i] == '\\' && i + 1 < value.Length)
                    {
                        text.Append(value[i + 1]);
                        i += 2;
                        continue;
                    }

                    depth += value[i] == '(' ? 1 : value[i] == ')' ? -1 : 0;
                    if (depth > 0)
                    {
                        text.Append(value[i]);
                    }

                    i++;
                }

                tokens.Add(new Token(TokenKind.Comment, text.ToString().Trim()));
            }
            else if (c == '[')
            {
                var close = value.IndexOf(']', i);
                close = close < 0 ? value.Length - 1 : close;
                tokens.Add(new Token(TokenKind.DomainLiteral, value[i..(close + 1)]));
                i = close + 1;
            }
            else if ("<>@,;:.".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new Token(TokenKind.Special, c.ToString()));
                i++;
            }
            else
            {
                var start = i;
                while (i < value.Length && !" \t\r\n\"()[]<>@,;:.".Contains(value[i], StringComparison.Ordinal))
                {
                    i++;
                }

                if (i == start)
                {
                    i++; // a stray ')' or ']': skip it (found by fuzzing: without this the loop never advanced)
                    continue;
                }

                tokens.Add(new Token(TokenKind.Word, value[start..i]));
            }
        }

        return tokens;
    }
}
