using System.Text;

namespace OpenMss.Imap.Protocol.Responses;

/// <summary>
/// A status response (RFC 3501 §7.1): tagged or untagged ("*"), its condition, an optional response code with its
/// arguments, and human-readable text. The text is one line: CR and LF in it are replaced, so a message never
/// injects a second response.
/// </summary>
public sealed record StatusResponse(string? Tag, ImapStatus Status, string Text, ResponseCode? Code = null, string? CodeArguments = null)
{
    public static StatusResponse Ok(string tag, string text, ResponseCode? code = null, string? arguments = null) => new(tag, ImapStatus.Ok, text, code, arguments);

    public static StatusResponse No(string tag, string text, ResponseCode? code = null, string? arguments = null) => new(tag, ImapStatus.No, text, code, arguments);

    public static StatusResponse Bad(string tag, string text, ResponseCode? code = null, string? arguments = null) => new(tag, ImapStatus.Bad, text, code, arguments);

    public static StatusResponse Bye(string text, ResponseCode? code = null) => new(null, ImapStatus.Bye, text, code);

    /// <summary>The response line, CRLF included.</summary>
    public override string ToString()
    {
        var line = new StringBuilder(Tag ?? "*").Append(' ').Append(ResponseCodes.Atom(Status)).Append(' ');
        if (Code is { } code)
        {
            line.Append('[').Append(ResponseCodes.Atom(code));
            if (CodeArguments is { Length: > 0 })
            {
                line.Append(' ').Append(CodeArguments);
            }

            line.Append("] ");
        }

        return line.Append(Text.Replace('\r', ' ').Replace('\n', ' ')).Append("\r\n").ToString();
    }
}
