using System.Text;

namespace OpenMss.Imap.Protocol;

/// <summary>The request could not be parsed; the message says why, in one sentence.</summary>
public sealed class ImapSyntaxException(string message) : Exception(message);

/// <summary>
/// Turns a request's text (literals taken out, in order) into its tag, command and arguments (RFC 3501 §9):
/// atoms, quoted strings with \" and \\, literals, NIL and parenthesised lists, nesting bounded. An atom may carry a
/// bracketed section and a partial (<c>BODY[HEADER.FIELDS (DATE)]&lt;0.10&gt;</c>), kept whole for the command parser.
/// </summary>
internal sealed class ImapTokenizer(byte[] text, IReadOnlyList<byte[]> literals, int maxDepth)
{
    private int _position;
    private int _literal;

    /// <summary>tag = 1*&lt;any ASTRING-CHAR except "+"&gt;.</summary>
    public static bool IsTag(string tag) => tag.Length is > 0 and <= 64 && tag.All(c => IsAtomChar((byte)c) || c == ']') && !tag.Contains('+', StringComparison.Ordinal);

    public ImapRequest ReadRequest()
    {
        var tag = ReadWord();
        if (!IsTag(tag))
        {
            throw new ImapSyntaxException("Missing or invalid tag.");
        }

        if (!Skip(' '))
        {
            throw new ImapSyntaxException("Missing command.");
        }

        var command = ReadWord();
        if (command.Length == 0 || !command.All(char.IsAsciiLetterOrDigit))
        {
            throw new ImapSyntaxException("Missing or invalid command.");
        }

        var arguments = new List<ImapValue>();
        while (_position < text.Length)
        {
            if (!Skip(' '))
            {
                throw new ImapSyntaxException($"Expected a space at position {_position}.");
            }

            arguments.Add(ReadValue(0));
        }

        return new ImapRequest(tag, command.ToUpperInvariant(), arguments);
    }

    private ImapValue ReadValue(int depth)
    {
        if (_position >= text.Length)
        {
            throw new ImapSyntaxException("Unexpected end of command.");
        }

        switch (text[_position])
        {
            case (byte)'(':
                if (depth >= maxDepth)
                {
                    throw new ImapSyntaxException("Too many nested parentheses.");
                }

                _position++;
                var items = new List<ImapValue>();
                while (true)
                {
                    if (_position >= text.Length)
                    {
                        throw new ImapSyntaxException("Unclosed parenthesis.");
                    }

                    if (text[_position] == ')')
                    {
                        _position++;
                        return new ImapList(items);
                    }

                    if (items.Count > 0 && !Skip(' '))
                    {
                        throw new ImapSyntaxException($"Expected a space or ')' at position {_position}.");
                    }

                    items.Add(ReadValue(depth + 1));
                }

            case (byte)'"':
                return ReadQuoted();
            case (byte)'{':
                return ReadLiteral();
            case (byte)'~' when _position + 1 < text.Length && text[_position + 1] == '{':
                _position++; // literal8 (RFC 3516 §4.4): APPEND's message may hold any octet
                return ReadLiteral();
            default:
                // NIL stays an atom: it is nil only where the grammar allows nil (ID); where a string is expected
                // (an astring: SEARCH SUBJECT NIL, LIST "" NIL) it is the string "NIL" as written (RFC 3501 §9).
                return new ImapAtom(ReadAtom());
        }
    }

    private ImapString ReadQuoted()
    {
        _position++;
        var bytes = new List<byte>();
        while (_position < text.Length)
        {
            var b = text[_position++];
            if (b == '"')
            {
                return new ImapString([.. bytes], IsLiteral: false);
            }

            if (b == '\\')
            {
                if (_position >= text.Length || text[_position] is not ((byte)'"' or (byte)'\\'))
                {
                    throw new ImapSyntaxException("Only \\\" and \\\\ may be escaped in a quoted string.");
                }

                b = text[_position++];
            }
            else if (b is (byte)'\r' or (byte)'\n' or 0)
            {
                throw new ImapSyntaxException("Control characters in a quoted string.");
            }

            bytes.Add(b);
        }

        throw new ImapSyntaxException("Unterminated quoted string.");
    }

    private ImapString ReadLiteral()
    {
        var close = Array.IndexOf(text, (byte)'}', _position);
        if (close < 0)
        {
            throw new ImapSyntaxException("Malformed literal.");
        }

        if (_literal >= literals.Count)
        {
            throw new ImapSyntaxException("Literal without data.");
        }

        _position = close + 1;
        return new ImapString(literals[_literal++], IsLiteral: true);
    }

    /// <summary>Atom characters, plus a bracketed section (which may hold spaces and lists) and what follows it.</summary>
    private string ReadAtom()
    {
        var start = _position;
        while (_position < text.Length)
        {
            var b = text[_position];
            if (b == '[' && IsSectionPrefix(start))
            {
                var depth = 0;
                for (; _position < text.Length; _position++)
                {
                    if (text[_position] == '[')
                    {
                        depth++;
                    }
                    else if (text[_position] == ']' && --depth == 0)
                    {
                        break;
                    }
                }

                if (_position >= text.Length)
                {
                    throw new ImapSyntaxException("Unclosed '['.");
                }

                _position++;
                continue;
            }

            if (!IsAtomChar(b) && b is not ((byte)'%' or (byte)'*' or (byte)']'))
            {
                break;
            }

            _position++;
        }

        if (_position == start)
        {
            throw new ImapSyntaxException($"Unexpected character at position {start}.");
        }

        return Encoding.UTF8.GetString(text, start, _position - start);
    }

    /// <summary>
    /// Whether the atom read so far is a FETCH item that takes a section (BODY, BODY.PEEK, BINARY, BINARY.PEEK,
    /// BINARY.SIZE): only there does '[' open a section that may hold spaces. Elsewhere '[' and ']' are atom
    /// characters (RFC 3501 §9: a mailbox name or list pattern "a[b" is one atom).
    /// </summary>
    private bool IsSectionPrefix(int start)
    {
        var prefix = Encoding.ASCII.GetString(text, start, _position - start);
        return prefix.Equals("BODY", StringComparison.OrdinalIgnoreCase) || prefix.Equals("BODY.PEEK", StringComparison.OrdinalIgnoreCase)
            || prefix.Equals("BINARY", StringComparison.OrdinalIgnoreCase) || prefix.Equals("BINARY.PEEK", StringComparison.OrdinalIgnoreCase)
            || prefix.Equals("BINARY.SIZE", StringComparison.OrdinalIgnoreCase);
    }

    private string ReadWord()
    {
        var start = _position;
        while (_position < text.Length && text[_position] != ' ')
        {
            _position++;
        }

        return Encoding.ASCII.GetString(text, start, _position - start);
    }

    private bool Skip(char c)
    {
        if (_position < text.Length && text[_position] == c)
        {
            _position++;
            return true;
        }

        return false;
    }

    /// <summary>
    /// ATOM-CHAR = any CHAR except atom-specials: ( ) { SP CTL % * " \ ] (RFC 3501 §9). A backslash is let through so
    /// that flags (<c>\Seen</c>) read as atoms; 8-bit bytes too, for UTF-8 mailbox names (RFC 6855).
    /// </summary>
    private static bool IsAtomChar(byte b) => b > 0x20 && b != 0x7F && b is not ((byte)'(' or (byte)')' or (byte)'{' or (byte)'%' or (byte)'*' or (byte)'"' or (byte)']');
}
