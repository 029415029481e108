using System.Buffers;
using System.Globalization;
using System.Text;

namespace OpenMss.Mime.Imap;

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
        var span = _buffer.GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++)
        {
            span[i] = (byte)ascii[i];
        }

        _buffer.Advance(ascii.Length);
        return this;
    }

    public ImapOutput Nil() => Raw("NIL"u8);

    public ImapOutput Space() => Raw(" "u8);

    public ImapOutput Open() => Raw("("u8);

    public ImapOutput Close() => Raw(")"u8);

    public ImapOutput Number(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>An nstring: NIL for null, else a quoted string or a literal.</summary>
    public ImapOutput NString(string? value) => value is null ? Nil() : Text(value);

    public ImapOutput Text(string value)
    {
        if (value.Length <= MaxQuoted && IsQuotable(value))
        {
            Raw("\""u8);
            foreach (var c in value)
            {
                if (c is '"' or '\\')
                {
                    Raw("\\"u8);
                }

                _buffer.GetSpan(1)[0] = (byte)c;
                _buffer.Advance(1);
            }

            return Raw("\""u8);
        }

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
