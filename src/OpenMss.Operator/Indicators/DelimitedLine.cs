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

    public void Clear() => text.Clear();

    public DelimitedLine Add(string? value)
    {
        if (text.Length > 0)
        {
            text.Append(Separator);
        }

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

    /// <summary>The line with its CRLF ending (RFC 4180 §2).</summary>
    public string End() => text.Append("\r\n").ToString();
}
