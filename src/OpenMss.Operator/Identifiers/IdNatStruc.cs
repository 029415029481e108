using System.Text.RegularExpressions;

namespace OpenMss.Operator.Identifiers;

/// <summary>
/// IdNatStruc (idNat_Struct), the national identifier of a structure (NOS TRE_G07): a one-digit type then the
/// identifier. It is the OU of an ORG AUTH_CLI certificate. Format only: check digits are not verified.
/// </summary>
public static partial class IdNatStruc
{
    /// <summary>
    /// <c>1</c> + FINESS (9 characters, 2A/2B for Corsica); <c>2</c> + SIREN (9 digits); <c>3</c> + SIRET
    /// (14 digits); <c>4</c> + RPPS-rang (11 to 20 digits); <c>0</c> + ADELI-rang (9 to 20 characters).
    /// </summary>
    public static bool IsValid(string? value) => value is not null && Format().IsMatch(value);

    public const string Description = "1 followed by a 9-character FINESS number, 2 followed by a 9-digit SIREN, 3 followed by a 14-digit SIRET, 4 followed by an RPPS-rang or 0 followed by an ADELI-rang";

    [GeneratedRegex(@"^(1(\d{9}|2[AB]\d{7})|2\d{9}|3\d{14}|4\d{11,20}|0[0-9A-Z]{9,20})$", RegexOptions.CultureInvariant)]
    private static partial Regex Format();
}
