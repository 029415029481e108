using System.Globalization;

namespace OpenMss.Operator.Mssante;

/// <summary>The date-time of RFC 5322 §3.3, for the messages the operator writes itself (reports, notices).</summary>
public static class Rfc5322Date
{
    public static string Format(DateTimeOffset time) =>
        time.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + time.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
}
