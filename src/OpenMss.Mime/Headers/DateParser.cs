using System.Globalization;

namespace OpenMss.Mime.Headers;

/// <summary>
/// RFC 5322 dates (§3.3) with the obsolete forms of §4.3: optional day name, two- and three-digit years, missing
/// seconds, comments, zone names (UT, GMT, EST…, military letters read as -0000), extra blanks.
/// </summary>
public static class DateParser
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // Comments go; separators become blanks; the day name (before a comma) goes.
        var text = StripComments(value);
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            text = text[(comma + 1)..];
        }

        var parts = text.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (parts.Count >= 1 && parts[0].Length > 3 && !char.IsDigit(parts[0][0]) && Months.All(m => !parts[0].StartsWith(m, StringComparison.OrdinalIgnoreCase)))
        {
            parts.RemoveAt(0); // a day name without its comma
        }

        // "22-Nov-2026" written as one word
        if (parts.Count >= 1 && parts[0].Count(c => c == '-') == 2)
        {
            var pieces = parts[0].Split('-');
            parts.RemoveAt(0);
            parts.InsertRange(0, pieces);
        }

        if (parts.Count < 4)
        {
            return null;
        }

        int day, month, year;
        if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out day))
        {
            month = MonthIndex(parts[1]);
        }
        else if ((month = MonthIndex(parts[0])) > 0 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out day))
        {
            // "Nov 22 2026": month before day
        }
        else
        {
            return null;
        }

        if (month == 0 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out year))
        {
            return null;
        }

        year = parts[2].Length switch
        {
            <= 2 => year < 50 ? 2000 + year : 1900 + year,
            3 => 1900 + year,
            _ => year,
        };

        var time = parts[3].Split(':');
        if (time.Length is < 2 or > 3 ||
            !int.TryParse(time[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hour) ||
            !int.TryParse(time[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minute))
        {
            return null;
        }

        var second = 0;
        if (time.Length == 3 && !int.TryParse(time[2], NumberStyles.None, CultureInfo.InvariantCulture, out second))
        {
            return null;
        }

        var offset = parts.Count > 4 ? Zone(parts[4]) : TimeSpan.Zero;
        try
        {
            return new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset ?? TimeSpan.Zero);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static int MonthIndex(string text) =>
        text.Length >= 3 ? Array.FindIndex(Months, m => text.StartsWith(m, StringComparison.OrdinalIgnoreCase)) + 1 : 0;

    private static TimeSpan? Zone(string zone)
    {
        if (zone.Length == 5 && zone[0] is '+' or '-' && int.TryParse(zone.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm))
        {
            var span = new TimeSpan(hhmm / 100, hhmm % 100, 0);
            return span > TimeSpan.FromHours(14) ? TimeSpan.Zero : zone[0] == '-' ? -span : span;
        }

        return zone.ToUpperInvariant() switch
        {
            "UT" or "GMT" or "Z" => TimeSpan.Zero,
            "EDT" => TimeSpan.FromHours(-4),
            "EST" or "CDT" => TimeSpan.FromHours(-5),
            "CST" or "MDT" => TimeSpan.FromHours(-6),
            "MST" or "PDT" => TimeSpan.FromHours(-7),
            "PST" => TimeSpan.FromHours(-8),
            _ => TimeSpan.Zero, // military letters and unknown names: -0000 (RFC 5322 §4.3)
        };
    }

    private static string StripComments(string value)
    {
        if (!value.Contains('(', StringComparison.Ordinal))
        {
            return value;
        }

        var result = new System.Text.StringBuilder(value.Length);
        var depth = 0;
        foreach (var c in value)
        {
            depth += c == '(' ? 1 : 0;
            if (depth == 0)
            {
                result.Append(c);
            }

            depth -= c == ')' && depth > 0 ? 1 : 0;
        }

        return result.ToString();
    }
}
