using System.Text.RegularExpressions;

namespace OpenMss.Operator.Identifiers;

/// <summary>A mail domain: at least two dot-separated LDH labels, compared in lower case.</summary>
public static partial class DomainName
{
    public const int MaxLength = 253;

    /// <summary>Lower-cases and checks a domain; returns null when it is not a domain name.</summary>
    public static string? Normalize(string? value)
    {
        if (value is null || value.Length > MaxLength)
        {
            return null;
        }

        var lower = value.Trim().ToLowerInvariant();
        return Format().IsMatch(lower) ? lower : null;
    }

    /// <summary>Like <see cref="Normalize"/>, after IDNA (RFC 5891): an internationalised name in its ASCII form.</summary>
    public static string? NormalizeIdn(string? value)
    {
        try
        {
            return value is null ? null : Normalize(new System.Globalization.IdnMapping().GetAscii(value.Trim().TrimEnd('.')));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Format();
}
