using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Pki;

/// <summary>Issues the certificates of the test PKI with CertificateRequest: RSA 2048 (servers may have ECDSA P-256), SHA-256, RFC 5280 extensions.</summary>
internal static class CertificateFactory
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    public static X509Certificate2 CreateRoot(X500DistinguishedName subject, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = Request(subject, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
    }

    public static X509Certificate2 CreateIntermediate(X500DistinguishedName subject, X509Certificate2 issuer, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = Request(subject, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return Issue(request, key, issuer, now.AddDays(-1), now.AddYears(5));
    }

    public static X509Certificate2 CreateServer(
        IReadOnlyList<string> hosts, X509Certificate2 issuer, DateTimeOffset now, string? crlUrl = null, X500DistinguishedName? subject = null, DateTimeOffset? notAfter = null,
        ServerKeyType keyType = ServerKeyType.Rsa)
    {
        using var rsa = keyType == ServerKeyType.Rsa ? RSA.Create(2048) : null;
        using var ecdsa = keyType == ServerKeyType.EcdsaP256 ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        if (subject is null)
        {
            var builder = new X500DistinguishedNameBuilder();
            builder.AddCommonName(hosts[0]);
            builder.AddOrganizationName(TestPki.TestOrganisation);
            builder.AddCountryOrRegion("FR");
            subject = builder.Build();
        }

        // The CA signs with its RSA key whatever the server's key (RFC 5480 for the ECDSA public key).
        var request = rsa is not null ? Request(subject, rsa) : new CertificateRequest(subject, ecdsa!, HashAlgorithmName.SHA256);
        if (ecdsa is not null)
        {
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        }

        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(host);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        // Both usages, as IGC Santé's SSL server certificates: operators' MTAs present them as clients too (spec §10).
        // An ECDSA key signs; it does not encipher keys (RFC 5480 §3).
        AddLeafExtensions(request, rsa is not null ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.DigitalSignature, ServerAuth, ClientAuth);
        if (crlUrl is not null)
        {
            // RFC 5280 §4.2.1.13: where clients fetch the CRL that says whether this certificate is revoked (ECO.1.1.6).
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([crlUrl]));
        }

        return rsa is not null
            ? Issue(request, rsa, issuer, now.AddDays(-1), notAfter ?? now.AddYears(1))
            : IssueEcdsa(request, ecdsa!, issuer, now.AddDays(-1), notAfter ?? now.AddYears(1));
    }

    public static X509Certificate2 CreateOrgClient(OrgSubject subject, X509Certificate2 issuer, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = Request(subject.ToDistinguishedName(), key);
        AddLeafExtensions(request, X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, ClientAuth);
        return Issue(request, key, issuer, now.AddDays(-1), now.AddYears(1));
    }

    private static CertificateRequest Request(X500DistinguishedName subject, RSA key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private static void AddLeafExtensions(CertificateRequest request, X509KeyUsageFlags keyUsage, params Oid[] usages)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], false));
    }

    private static X509Certificate2 IssueEcdsa(CertificateRequest request, ECDsa key, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var certificate = Signed(request, issuer, notBefore, notAfter);
        return certificate.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 Signed(CertificateRequest request, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // positive, as RFC 5280 requires
        using var issuerKey = issuer.GetRSAPrivateKey()!;
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, serial);
    }

    private static X509Certificate2 Issue(CertificateRequest request, RSA key, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var certificate = Signed(request, issuer, notBefore, notAfter);
        return certificate.CopyWithPrivateKey(key);
    }
}
