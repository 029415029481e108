using System.Text.RegularExpressions;

namespace OpenMss.Operator.Identifiers;

/// <summary>
/// A BAL address: an RFC 5321 dot-atom local part at a domain. OpenMSS stores addresses in lower case so that
/// two BALs can never differ by case alone (MSSanté addresses are used case-insensitively in practice).
/// </summary>
public static partial class BalAddress
{
    public const int MaxLocalLength = 64;

    /// <summary>Lower-cases and checks an address; returns null with the reason when it is not usable.</summary>
    public static string? Normalize(string? value, out string? problem)
    {
        problem = null;
        var trimmed = value?.Trim() ?? "";
        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1)
        {
            problem = $"'{value}' is not an e-mail address (expected local-part@domain).";
            return null;
        }

        var local = trimmed[..at].ToLowerInvariant();
        if (local.Length > MaxLocalLength || !DotAtom().IsMatch(local))
        {
            problem = $"'{value}' has an invalid local part (letters, digits and !#$%&'*+-/=?^_`{{|}}~ separated by single dots, at most {MaxLocalLength}).";
            return null;
        }

        var domain = DomainName.Normalize(trimmed[(at + 1)..]);
        if (domain is null)
        {
            problem = $"'{value}' has an invalid domain.";
            return null;
        }

        return $"{local}@{domain}";
    }

    public static string DomainOf(string normalizedAddress) => normalizedAddress[(normalizedAddress.LastIndexOf('@') + 1)..];

    [GeneratedRegex(@"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DotAtom();
}
