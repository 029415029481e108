using System.Security.Cryptography.X509Certificates;
using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Relay;

/// <summary>What a client certificate says of itself and whether it chains to the test IGC Santé root (SC.MSS/CONF.12).</summary>
public static class ClientCertificates
{
    private const string OrganisationalUnitOid = "2.5.4.11";

    public static ClientCertificateFacts Facts(X509Certificate2 certificate, X509Certificate2Collection? intermediates, X509Certificate2? root)
    {
        var units = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(n => n.GetSingleElementType().Value == OrganisationalUnitOid)
            .Select(n => n.GetSingleElementValue() ?? "")
            .ToList();
        if (root is null)
        {
            return new ClientCertificateFacts(certificate.Subject, units, certificate.Issuer, false, "no root to check against");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (intermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        }

        var built = chain.Build(certificate);
        var status = built ? "chains to the test IGC Santé root" : string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
        return new ClientCertificateFacts(certificate.Subject, units, certificate.Issuer, built, status);
    }
}
