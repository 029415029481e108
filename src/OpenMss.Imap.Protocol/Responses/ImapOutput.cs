using System.Buffers;
using System.Globalization;
using System.Text;

namespace OpenMss.Imap.Protocol.Responses;

/// <summary>
/// Writes the IMAP data items the views need (RFC 3501 §4): NIL, numbers, parentheses, and strings, quoted when
/// they are short printable ASCII and as literals otherwise (8-bit text, CR or LF, long values).
/// </summary>
public sealed class ImapOutput
{
    private const int MaxQuoted = 1024;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public override string ToString() => Encoding.UTF8.GetString(_buffer.WrittenSpan);

    public ImapOutput Raw(ReadOnlySpan<byte> bytes)
    {
        _buffer.Write(bytes);
        return this;
    }

    public ImapOutput Raw(string ascii)
    {
        _buffer.Advance(Encoding.ASCII.GetBytes(ascii, _buffer.GetSpan(ascii.Length)));
        return this;
    }

    /// <summary>Forgets what was written, keeping the buffer (one output per session, reused per response).</summary>
    public void Clear() => _buffer.ResetWrittenCount();

    public ImapOutput Nil() => Raw("NIL"u8);

    public ImapOutput Space() => Raw(" "u8);

    public ImapOutput Open() => Raw("("u8);

    public ImapOutput Close() => Raw(")"u8);

    public ImapOutput Number(long value)
    {
        value.TryFormat(_buffer.GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
        _buffer.Advance(written);
        return this;
    }

    /// <summary>An nstring: NIL for null, else a quoted string or a literal.</summary>
    public ImapOutput NString(string? value) => value is null ? Nil() : Text(value);

    public ImapOutput Text(string value) => Text(value, upperCase: false);

    /// <summary>A string in upper case (type words and parameter names), written without an intermediate string.</summary>
    public ImapOutput UpperText(string value) => Text(value, upperCase: true);

    private ImapOutput Text(string value, bool upperCase)
    {
        if (value.Length <= MaxQuoted && IsQuotable(value))
        {
            var span = _buffer.GetSpan(value.Length * 2 + 2);
            var length = 0;
            span[length++] = (byte)'"';
            foreach (var c in value)
            {
                if (c is '"' or '\\')
                {
                    span[length++] = (byte)'\\';
                }

                span[length++] = (byte)(upperCase && c is >= 'a' and <= 'z' ? c - 32 : c);
            }

            span[length++] = (byte)'"';
            _buffer.Advance(length);
            return this;
        }

        value = upperCase ? value.ToUpperInvariant() : value;

        var bytes = Encoding.UTF8.GetBytes(value);
        Raw($"{{{bytes.Length}}}\r\n");
        return Raw(bytes);
    }

    private static bool IsQuotable(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
