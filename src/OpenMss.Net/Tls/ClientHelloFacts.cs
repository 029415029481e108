namespace OpenMss.Net.Tls;

/// <summary>What the client offered in its ClientHello: the highest version, the versions it supports and its cipher suites by IANA number.</summary>
public sealed record ClientHelloFacts(int LegacyVersion, IReadOnlyList<int> SupportedVersions, IReadOnlyList<int> CipherSuites)
{
    /// <summary>supported_versions lists 0x0304 (RFC 8446 §4.2.1).</summary>
    public bool OffersTls13 => SupportedVersions.Contains(0x0304);
}
