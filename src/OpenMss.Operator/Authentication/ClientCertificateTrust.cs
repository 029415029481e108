using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Operator.Authentication;

/// <summary>
/// Judges an ORG AUTH_CLI client certificate (spec §3.6): its chain must end at one of the configured trust anchors
/// (IGC Santé in production, the test PKI in a sandbox), it must be valid now and allowed for client authentication;
/// its subject's OU is the structure's IdNatStruc.
/// </summary>
public sealed class ClientCertificateTrust(X509Certificate2Collection anchors, X509Certificate2Collection intermediates, TimeProvider clock)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid OrganizationalUnit = new("2.5.4.11");

    /// <summary>Reads PEM files: the anchors (roots) and, optionally, intermediates clients may omit.</summary>
    public static ClientCertificateTrust FromPem(IEnumerable<string> anchorFiles, IEnumerable<string> intermediateFiles, TimeProvider clock)
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

        return anchors.Count == 0 ? throw new ArgumentException("No trust anchor for client certificates.") : new ClientCertificateTrust(anchors, intermediates, clock);
    }

    /// <returns>The IdNatStruc (the OU) of a trusted certificate, or null with the reason it is not trusted.</returns>
    public (string? IdNatStruc, string Reason) Judge(X509Certificate2 certificate, X509Certificate2Collection sentIntermediates)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.ExtraStore.AddRange(sentIntermediates);
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        // Revocation is not checked yet: the test PKI publishes no CRL (see docs/smtp.md).
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = clock.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (!chain.Build(certificate))
        {
            var status = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct();
            return (null, $"certificate not trusted ({string.Join(", ", status)})");
        }

        var ou = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .FirstOrDefault(rdn => rdn.GetSingleElementType().Value == OrganizationalUnit.Value)?.GetSingleElementValue();
        return string.IsNullOrWhiteSpace(ou) ? (null, "the certificate subject has no OU (IdNatStruc)") : (ou, "trusted certificate");
    }
}
