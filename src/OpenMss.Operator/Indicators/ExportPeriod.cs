using System.Globalization;

namespace OpenMss.Operator.Indicators;

/// <summary>
/// The span an indicator export covers, in UTC: a calendar month or a range of whole days (both ends included).
/// UTC, not Paris time, because a local hour repeats when clocks go back and rows would then be ambiguous
/// (docs/decisions.md).
/// </summary>
public sealed record ExportPeriod(DateTimeOffset From, DateTimeOffset To, string Label)
{
    public static ExportPeriod Month(int year, int month)
    {
        var from = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
        return new ExportPeriod(from, from.AddMonths(1), from.ToString("yyyy-MM", CultureInfo.InvariantCulture));
    }

    /// <exception cref="FormatException">Not YYYY-MM.</exception>
    public static ExportPeriod ParseMonth(string text) =>
        DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? Month(month.Year, month.Month)
            : throw new FormatException($"'{text}' is not a month: write it YYYY-MM, e.g. 2026-11.");

    /// <exception cref="FormatException">A date is not YYYY-MM-DD, or the range ends before it starts.</exception>
    public static ExportPeriod ParseDays(string from, string to)
    {
        var first = ParseDay(from);
        var last = ParseDay(to);
        if (last < first)
        {
            throw new FormatException($"The range ends ({to}) before it starts ({from}).");
        }

        return new ExportPeriod(first, last.AddDays(1), $"{from}_{to}");
    }

    /// <summary>The month before the one <paramref name="now"/> is in: what the monthly export sends.</summary>
    public static ExportPeriod MonthBefore(DateTimeOffset now)
    {
        var previous = now.ToUniversalTime().AddMonths(-1);
        return Month(previous.Year, previous.Month);
    }

    private static DateTimeOffset ParseDay(string text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day, TimeSpan.Zero)
            : throw new FormatException($"'{text}' is not a date: write it YYYY-MM-DD, e.g. 2026-11-30.");
}
