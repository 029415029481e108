using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

/// <summary>The stored spellings of enums: short words an operator can read in SQL.</summary>
internal static class Names
{
    public static string Of(BalType type) => type.ToString().ToUpperInvariant();

    public static BalType ToBalType(string value) => Enum.Parse<BalType>(value, ignoreCase: true);

    public static string Of(BalStatus status) => status.ToString().ToLowerInvariant();

    public static BalStatus ToBalStatus(string value) => Enum.Parse<BalStatus>(value, ignoreCase: true);

    public static string Of(AuthFront front) => front == AuthFront.AuthCli ? "authcli" : "psc";

    public static AuthFront ToAuthFront(string value) => value == "authcli" ? AuthFront.AuthCli : AuthFront.Psc;

    public static string? Of(SpecialUse use) => use == SpecialUse.None ? null : use.ToString().ToLowerInvariant();

    public static SpecialUse ToSpecialUse(string? value) => value is null ? SpecialUse.None : Enum.Parse<SpecialUse>(value, ignoreCase: true);

    public static string Of(BalChange change) => change.ToString().ToLowerInvariant();

    public static BalChange ToBalChange(string value) => Enum.Parse<BalChange>(value, ignoreCase: true);

    public static string Of(DeclarationStatus status) => status.ToString().ToLowerInvariant();

    public static DeclarationStatus ToDeclarationStatus(string value) => Enum.Parse<DeclarationStatus>(value, ignoreCase: true);
}
