using System.Buffers;
using System.Text;

namespace OpenMss.Smtp.Protocol;

/// <summary>
/// A reply: a three-digit code, an enhanced status code (RFC 3463) unless the reply is a greeting, 334 or a
/// multi-line EHLO, and its text lines. Only this type writes reply bytes.
/// </summary>
public sealed record SmtpReply(int Code, string? Enhanced, IReadOnlyList<string> Lines)
{
    public SmtpReply(int code, string? enhanced, string text)
        : this(code, enhanced, [text])
    {
    }

    public void WriteTo(IBufferWriter<byte> output)
    {
        for (var i = 0; i < Lines.Count; i++)
        {
            var separator = i == Lines.Count - 1 ? ' ' : '-';
            var text = Enhanced is null ? Lines[i] : $"{Enhanced} {Lines[i]}";
            // Replies are ASCII; anything else in a text (an address under SMTPUTF8) goes out as UTF-8.
            output.Write(Encoding.UTF8.GetBytes($"{Code}{separator}{text}\r\n"));
        }
    }

    public override string ToString() => string.Join("\n", Lines.Select(l => $"{Code} {(Enhanced is null ? "" : Enhanced + " ")}{l}"));
}
