using System.Text;

namespace OpenMss.Operator.Indicators;

/// <summary>
/// Builds one line of a ';'-separated file the RFC 4180 way: a field holding the separator, a quote or a line break
/// is quoted, its quotes doubled, so that every value reads back exactly (a CODECDA list holds commas, a NIL may
/// hold anything printable). Written by hand rather than with CsvHelper because the exporter must know each line's
/// size in bytes before writing it, to keep every part under its limit; the tests read the files back with CsvHelper.
/// </summary>
public sealed class DelimitedLine
{
    public const char Separator = ';';

    private readonly StringBuilder text = new(256);
    private bool first = true;

    public void Clear()
    {
        text.Clear();
        first = true;
    }

    public DelimitedLine Add(string? value)
    {
        Separate();

        if (value is null)
        {
            return this;
        }

        if (value.AsSpan().IndexOfAny(";\"\r\n") < 0)
        {
            text.Append(value);
            return this;
        }

        text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        return this;
    }

    /// <summary>A value that never needs quoting (a number, a date), formatted straight into the line.</summary>
    public DelimitedLine Add<T>(T value, string? format = null)
        where T : ISpanFormattable
    {
        Separate();

        Span<char> chars = stackalloc char[64];
        if (value.TryFormat(chars, out var written, format, System.Globalization.CultureInfo.InvariantCulture))
        {
            text.Append(chars[..written]);
        }
        else
        {
            text.Append(value.ToString(format, System.Globalization.CultureInfo.InvariantCulture));
        }

        return this;
    }

    /// <summary>A separator before every field but the first, even after empty ones.</summary>
    private void Separate()
    {
        if (!first)
        {
            text.Append(Separator);
        }

        first = false;
    }

    /// <summary>Ends the line with CRLF (RFC 4180 §2) and encodes it as UTF-8 into <paramref name="buffer"/>, grown as needed.</summary>
    /// <returns>The number of bytes written.</returns>
    public int EndInto(ref byte[] buffer)
    {
        text.Append("\r\n");
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (buffer.Length < needed)
        {
            buffer = new byte[Math.Max(needed, buffer.Length * 2)];
        }

        var written = 0;
        foreach (var chunk in text.GetChunks())
        {
            written += Encoding.UTF8.GetBytes(chunk.Span, buffer.AsSpan(written));
        }

        return written;
    }
}
