using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Operator.Authentication;

/// <summary>Builds a certificate's chain to configured anchors only (IGC Santé, or a test PKI), at the clock's time.</summary>
public sealed class CertificateChain(X509Certificate2Collection anchors, X509Certificate2Collection intermediates, TimeProvider clock)
{
    /// <summary>Reads PEM files: the anchors (roots) and, optionally, intermediates peers may omit.</summary>
    public static CertificateChain FromPem(IEnumerable<string> anchorFiles, IEnumerable<string> intermediateFiles, TimeProvider clock)
    {
        var anchors = new X509Certificate2Collection();
        foreach (var file in anchorFiles)
        {
            anchors.ImportFromPemFile(file);
        }

        var intermediates = new X509Certificate2Collection();
        foreach (var file in intermediateFiles)
        {
            intermediates.ImportFromPemFile(file);
        }

        return anchors.Count == 0 ? throw new ArgumentException("No trust anchor for certificates.") : new CertificateChain(anchors, intermediates, clock);
    }

    /// <returns>Null when the certificate chains to an anchor, is valid now and allows <paramref name="usage"/> (when given); else why not.</returns>
    public string? Problem(X509Certificate2 certificate, X509Certificate2Collection sentIntermediates, Oid? usage)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.ExtraStore.AddRange(sentIntermediates);
        if (usage is not null)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(usage);
        }

        // Revocation is not checked yet: see docs/smtp.md.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = clock.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (chain.Build(certificate))
        {
            return null;
        }

        var status = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct();
        return $"certificate not trusted ({string.Join(", ", status)})";
    }
}
