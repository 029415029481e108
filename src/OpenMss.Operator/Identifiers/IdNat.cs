using System.Text.RegularExpressions;

namespace OpenMss.Operator.Identifiers;

/// <summary>
/// IdNat (idNat_PS), the national identifier of a health professional: a one-character type then the identifier.
/// Checks the format only: check digits are not verified, since test identities do not carry valid ones.
/// </summary>
public static partial class IdNat
{
    /// <summary>
    /// <c>8</c> + RPPS (11 digits); <c>0</c> + ADELI (9 characters); <c>1</c>, <c>3</c>-<c>6</c> + the identifier
    /// of the structure, <c>/</c>, and the person's identifier in it (for staff without RPPS or ADELI); or a PSC
    /// sandbox "EDIT" test identity (<c>ANS</c> + 14 digits).
    /// </summary>
    public static bool IsValid(string? value) => value is not null && Format().IsMatch(value);

    public const string Description = "8 followed by an 11-digit RPPS number, 0 followed by a 9-character ADELI number, 1, 3, 4, 5 or 6 followed by a structure's identifier, '/' and an internal identifier, or a PSC test identity ANS followed by 14 digits";

    [GeneratedRegex(@"^(8\d{11}|0[0-9A-Z]{9}|[13456][0-9A-Z]{9,14}/[0-9A-Za-z-]{1,30}|ANS\d{14})$", RegexOptions.CultureInvariant)]
    private static partial Regex Format();
}
