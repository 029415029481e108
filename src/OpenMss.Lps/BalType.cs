namespace OpenMss.Lps;

/// <summary>
/// The type of a BAL (boîte aux lettres, a mailbox of the MSSanté trust space). It decides the front the SDK
/// reaches and how it authenticates: PER and ORG with a Pro Santé Connect token, APP with an IGC Santé ORG
/// AUTH_CLI certificate.
/// </summary>
public enum BalType
{
    /// <summary>A personal BAL of one health professional (PSC token).</summary>
    Per,

    /// <summary>An organisational BAL shared by the professionals a structure authorises (PSC token).</summary>
    Org,

    /// <summary>An applicative BAL used by software of a structure (AUTH_CLI certificate).</summary>
    App,
}

internal static class BalTypes
{
    /// <summary>ECO.1.1.9: SRV priority 10 names the PSC front (PER/ORG), 20 the AUTH_CLI front (APP).</summary>
    public static ushort SrvPriority(this BalType type) => type == BalType.App ? (ushort)20 : (ushort)10;

    public static bool UsesPsc(this BalType type) => type != BalType.App;
}
