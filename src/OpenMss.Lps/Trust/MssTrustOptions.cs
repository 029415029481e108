using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Lps.Trust;

/// <summary>
/// How operator server certificates are judged (ECO.1.1.5–1.1.7, 1.1.10): against these roots alone — the IGC Santé
/// roots in production, a sandbox's CA in tests — never the system store; names, dates and revocation by CRL.
/// </summary>
public sealed class MssTrustOptions
{
    /// <summary>The roots an operator certificate must chain to. Required: there is no default, so nobody trusts everything by accident.</summary>
    public X509Certificate2Collection Roots { get; } = [];

    /// <summary>Check revocation by CRL (default). Turning it off is for development only and is never a production setting.</summary>
    public bool CheckRevocation { get; set; } = true;

    /// <summary>Fetch CRLs from this base address, keeping each distribution point's file name, instead of the distribution point's host (an internal mirror, a sandbox).</summary>
    public Uri? CrlMirror { get; set; }

    /// <summary>Where the last good CRL of each distribution point is kept across restarts (ECO.1.1.7); in memory only when null.</summary>
    public string? CrlCacheDirectory { get; set; }

    /// <summary>How often a CRL that is still current is fetched again (default one hour).</summary>
    public TimeSpan CrlRefresh { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Adds the certificates of a PEM file (the IGC Santé roots bundle, a sandbox's ca.pem) to <see cref="Roots"/>.</summary>
    public MssTrustOptions AddRootsFromPem(string path)
    {
        foreach (var certificate in PemCertificates.Read(File.ReadAllText(path)))
        {
            Roots.Add(certificate);
        }

        return this;
    }
}
