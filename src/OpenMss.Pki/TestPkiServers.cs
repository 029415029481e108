using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Pki;

/// <summary>
/// Server certificates after <see cref="TestPki.Init"/>: issuing more of them (other host names, a CRL distribution
/// point, dates in the past for an expired one) and publishing the servers intermediate's CRL, so that clients can be
/// tested against every certificate an operator might present (ECO.1.1.5, 1.1.6).
/// </summary>
public static class TestPkiServers
{
    /// <summary>The DER CRL of the servers intermediate in a PKI directory.</summary>
    public static string CrlPath(TestPkiLayout layout) => Path.Combine(layout.Directory, "server-ca.crl");

    /// <summary>
    /// Issues a server certificate NAME.pem (with its chain) and NAME.key from the servers intermediate, valid from a
    /// day before <paramref name="now"/> for a year, naming <paramref name="hosts"/> and, when given, its CRL
    /// distribution point. Replaces NAME's files when they exist ("server" is the PKI's own server certificate).
    /// </summary>
    /// <param name="subject">The subject DN; by default CN=the first host, O=the test organisation, C=FR.</param>
    /// <param name="notAfter">The end of its validity: a year from now by default; in the past for an expired certificate (ECO.1.1.5).</param>
    public static X509Certificate2 Issue(TestPkiLayout layout, string name, IReadOnlyList<string> hosts, string? crlUrl, DateTimeOffset now, X500DistinguishedName? subject = null, DateTimeOffset? notAfter = null, ServerKeyType keyType = ServerKeyType.Rsa)
    {
        if (name.Length == 0 || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_') || name is "ca" or "root-ca" or "org-ca" or "server-ca")
        {
            throw new PkiException($"'{name}' cannot name a server certificate file.");
        }

        using var issuer = X509Certificate2.CreateFromPemFile(layout.ServersCa, layout.ServersCaKey);
        var certificate = CertificateFactory.CreateServer(hosts, issuer, now, crlUrl, subject, notAfter, keyType);
        var pem = Path.Combine(layout.Directory, name + ".pem");
        var key = Path.Combine(layout.Directory, name + ".key");
        File.WriteAllText(pem, certificate.ExportCertificatePem() + "\n" + issuer.ExportCertificatePem() + "\n");
        File.Delete(key);
        TestPki.WriteKey(key, certificate);
        return certificate;
    }

    /// <summary>
    /// A server certificate (with its key, in memory) from a CA outside the test IGC Santé hierarchy, made for this
    /// call: what a client that trusts IGC Santé alone must refuse (ECO.1.1.10).
    /// </summary>
    public static X509Certificate2 IssueFromForeignCa(IReadOnlyList<string> hosts, DateTimeOffset now)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName("TEST AC HORS IGC-SANTE");
        builder.AddOrganizationName("OpenMSS TEST - foreign CA, NOT IGC SANTE");
        builder.AddCountryOrRegion("FR");
        using var root = CertificateFactory.CreateRoot(builder.Build(), now);
        return CertificateFactory.CreateServer(hosts, root, now);
    }

    /// <summary>Writes the servers intermediate's CRL (DER), listing <paramref name="revoked"/>, current for a week from <paramref name="now"/>.</summary>
    public static void PublishCrl(TestPkiLayout layout, IEnumerable<X509Certificate2> revoked, DateTimeOffset now)
    {
        using var issuer = X509Certificate2.CreateFromPemFile(layout.ServersCa, layout.ServersCaKey);
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, now.AddMinutes(-5), X509RevocationReason.KeyCompromise);
        }

        var number = new BigInteger(now.ToUnixTimeSeconds());
        var crl = builder.Build(issuer, number, now.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, now.AddMinutes(-5));
        var target = CrlPath(layout);
        File.WriteAllBytes(target + ".tmp", crl);
        File.Move(target + ".tmp", target, overwrite: true);
    }

    /// <summary>True when the certificate names every host (names and addresses) and, when given, carries exactly that CRL distribution point.</summary>
    public static bool Covers(X509Certificate2 certificate, IReadOnlyList<string> hosts, string? crlUrl)
    {
        var alternatives = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().ToList();
        var names = alternatives.SelectMany(e => e.EnumerateDnsNames()).Concat(alternatives.SelectMany(e => e.EnumerateIPAddresses()).Select(a => a.ToString())).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var hostsCovered = hosts.All(names.Contains);
        var point = certificate.Extensions["2.5.29.31"];
        var crlCovered = crlUrl is null || (point is not null && System.Text.Encoding.ASCII.GetString(point.RawData).Contains(crlUrl, StringComparison.Ordinal));
        return hostsCovered && crlCovered;
    }
}
