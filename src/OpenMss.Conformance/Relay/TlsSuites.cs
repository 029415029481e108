namespace OpenMss.Conformance.Relay;

/// <summary>
/// Cipher suites by IANA number, as ECO.1.1.3 is read here (MSSANTE.md §13 #18, ANSSI's TLS guide): a client may
/// offer CBC suites after the AEAD ones, but never NULL, export, anonymous, RC4, DES or 3DES suites.
/// </summary>
public static class TlsSuites
{
    /// <summary>True for a suite no MSSanté client may offer, with a short reason.</summary>
    public static string? Forbidden(int suite) => suite switch
    {
        0x0000 or 0x0001 or 0x0002 or 0x003B or 0x002C or 0x002D or 0x002E or 0xC001 or 0xC006 or 0xC00B or 0xC010 or 0xC015 => "NULL encryption",
        0x0003 or 0x0006 or 0x0008 or 0x000B or 0x000E or 0x0011 or 0x0014 or 0x0017 or 0x0019 or 0x0026 or 0x0027 or 0x0028 or 0x0029 or 0x002A or 0x002B or 0x0062 or 0x0063 or 0x0064 or 0x0065 => "export grade",
        0x0004 or 0x0005 or 0x0018 or 0x0020 or 0x0024 or 0x008A or 0x008E or 0x0092 or 0xC002 or 0xC007 or 0xC00C or 0xC011 or 0xC016 or 0xC033 => "RC4",
        0x0009 or 0x000C or 0x000F or 0x0012 or 0x0015 or 0x001A or 0x001E or 0x0022 => "DES",
        0x000A or 0x000D or 0x0010 or 0x0013 or 0x0016 or 0x001B or 0x001F or 0x0023 or 0x008B or 0x008F or 0x0093 or 0xC003 or 0xC008 or 0xC00D or 0xC012 or 0xC017 or 0xC01A or 0xC01B or 0xC01C or 0xC034 => "3DES",
        0x0034 or 0x003A or 0x006C or 0x006D or 0x00A6 or 0x00A7 or 0xC018 or 0xC019 => "anonymous",
        _ => null,
    };

    /// <summary>True when a negotiated suite (as .NET names it) is an AEAD one: TLS 1.3's, or TLS 1.2 ECDHE with GCM or ChaCha20-Poly1305.</summary>
    public static bool Aead(string negotiated) =>
        negotiated.StartsWith("TLS_AES_", StringComparison.Ordinal) || negotiated.StartsWith("TLS_CHACHA20_", StringComparison.Ordinal)
        || (negotiated.StartsWith("TLS_ECDHE_", StringComparison.Ordinal) && (negotiated.Contains("_GCM_", StringComparison.Ordinal) || negotiated.Contains("CHACHA20_POLY1305", StringComparison.Ordinal)));
}
