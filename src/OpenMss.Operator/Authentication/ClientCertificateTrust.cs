using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Operator.Authentication;

/// <summary>
/// Judges an ORG AUTH_CLI client certificate (spec §3.6): its chain must end at one of the configured trust anchors
/// (IGC Santé in production, the test PKI in a sandbox), it must be valid now and allowed for client authentication;
/// its subject's OU is the structure's IdNatStruc.
/// </summary>
public sealed class ClientCertificateTrust(CertificateChain chain)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid OrganizationalUnit = new("2.5.4.11");

    /// <summary>Reads PEM files: the anchors (roots) and, optionally, intermediates clients may omit.</summary>
    public static ClientCertificateTrust FromPem(IEnumerable<string> anchorFiles, IEnumerable<string> intermediateFiles, TimeProvider clock) =>
        new(CertificateChain.FromPem(anchorFiles, intermediateFiles, clock));

    /// <returns>The IdNatStruc (the OU) of a trusted certificate, or null with the reason it is not trusted.</returns>
    public (string? IdNatStruc, string Reason) Judge(X509Certificate2 certificate, X509Certificate2Collection sentIntermediates)
    {
        if (chain.Problem(certificate, sentIntermediates, ClientAuthentication) is { } problem)
        {
            return (null, problem);
        }

        var ou = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .FirstOrDefault(rdn => rdn.GetSingleElementType().Value == OrganizationalUnit.Value)?.GetSingleElementValue();
        return string.IsNullOrWhiteSpace(ou) ? (null, "the certificate subject has no OU (IdNatStruc)") : (ou, "trusted certificate");
    }
}
