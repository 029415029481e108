using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OpenMss.Pki;

/// <summary>
/// Creates and extends a test hierarchy shaped like IGC Santé: a root, an intermediate for organisations (which
/// issues ORG AUTH_CLI client certificates) and one for servers. Every name says TEST: this material must never
/// be mistaken for IGC Santé's.
/// </summary>
public static class TestPki
{
    public const string TestOrganisation = "OpenMSS TEST PKI - NOT IGC SANTE";

    /// <summary>The AUTH_CLI certificate <c>init</c> issues unless told otherwise.</summary>
    public static readonly OrgSubject DefaultClient = new("OpenMSS TEST Logiciel DPI", "1750000001", "Centre Hospitalier de Test", "Paris (75)");

    public const string DefaultClientName = "app";

    public static readonly IReadOnlyList<string> DefaultServerHosts = ["localhost", "127.0.0.1", "::1"];

    /// <summary>Creates a new test PKI in <paramref name="directory"/>, which must not hold one already.</summary>
    /// <exception cref="PkiException">When the directory holds a PKI, cannot be written, or a subject is invalid.</exception>
    public static TestPkiLayout Init(string directory, IReadOnlyList<string> serverHosts, OrgSubject client, DateTimeOffset now)
    {
        var layout = new TestPkiLayout(directory);
        if (layout.Exists)
        {
            throw new PkiException($"{layout.Directory} holds a test PKI already; use another directory or remove it.");
        }

        if (client.Problem() is { } problem)
        {
            throw new PkiException(problem);
        }

        if (serverHosts.Count == 0 || serverHosts.Any(string.IsNullOrWhiteSpace))
        {
            throw new PkiException("The server certificate needs at least one host name.");
        }

        Writing(layout, () =>
        {
            Directory.CreateDirectory(layout.Directory);
            using var root = CertificateFactory.CreateRoot(CaName("AC RACINE IGC-SANTE ELEMENTAIRE"), now);
            using var organisations = CertificateFactory.CreateIntermediate(CaName("AC IGC-SANTE ELEMENTAIRE ORGANISATIONS"), root, now);
            using var servers = CertificateFactory.CreateIntermediate(CaName("AC IGC-SANTE ELEMENTAIRE SERVEURS"), root, now);
            using var server = CertificateFactory.CreateServer(serverHosts, servers, now);
            using var serverEcdsa = CertificateFactory.CreateServer(serverHosts, servers, now, keyType: ServerKeyType.EcdsaP256);
            using var app = CertificateFactory.CreateOrgClient(client, organisations, now);

            WriteKey(layout.RootKey, root);
            WriteKey(layout.OrganisationsCaKey, organisations);
            WriteKey(layout.ServersCaKey, servers);
            WriteKey(layout.ServerKey, server);
            WriteKey(layout.ServerEcdsaKey, serverEcdsa);
            WriteKey(layout.ClientKey(DefaultClientName), app);
            WriteCertificates(layout.OrganisationsCa, organisations);
            WriteCertificates(layout.ServersCa, servers);
            WriteCertificates(layout.Server, server, servers);
            WriteCertificates(layout.ServerEcdsa, serverEcdsa, servers);
            WriteCertificates(layout.ClientCertificate(DefaultClientName), app, organisations);
            WriteCertificates(layout.TrustAnchor, root);
            File.WriteAllText(Path.Combine(layout.Directory, "README.txt"), Readme);

            // The root goes last: its presence is what marks the directory as holding a complete PKI.
            WriteCertificates(layout.Root, root);
        });
        return layout;
    }

    /// <summary>Issues one more ORG AUTH_CLI client certificate from the organisations intermediate.</summary>
    public static (string Certificate, string Key) IssueClient(string directory, string name, OrgSubject subject, DateTimeOffset now)
    {
        var layout = new TestPkiLayout(directory);
        if (!layout.Exists)
        {
            throw new PkiException($"{layout.Directory} holds no test PKI; create one with 'openmss pki init --out {directory}'.");
        }

        if (subject.Problem() is { } problem)
        {
            throw new PkiException(problem);
        }

        if (name.Length == 0 || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_') ||
            name is "ca" or "root-ca" or "org-ca" or "server-ca" or "server")
        {
            throw new PkiException($"'{name}' cannot name a certificate file (letters, digits, - and _; not a name the PKI uses).");
        }

        if (File.Exists(layout.ClientCertificate(name)))
        {
            throw new PkiException($"{layout.ClientCertificate(name)} exists already; choose another --name.");
        }

        Writing(layout, () =>
        {
            using var issuer = X509Certificate2.CreateFromPemFile(layout.OrganisationsCa, layout.OrganisationsCaKey);
            using var client = CertificateFactory.CreateOrgClient(subject, issuer, now);
            WriteKey(layout.ClientKey(name), client);
            WriteCertificates(layout.ClientCertificate(name), client, issuer);
        });
        return (layout.ClientCertificate(name), layout.ClientKey(name));
    }

    private static X500DistinguishedName CaName(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName($"TEST {commonName}");
        builder.AddOrganizationName(TestOrganisation);
        builder.AddCountryOrRegion("FR");
        return builder.Build();
    }

    private static void Writing(TestPkiLayout layout, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new PkiException($"The test PKI in {layout.Directory} cannot be written: {e.Message}", e);
        }
    }

    private static void WriteCertificates(string path, params X509Certificate2[] chain) =>
        File.WriteAllText(path, string.Concat(chain.Select(c => c.ExportCertificatePem() + "\n")));

    /// <summary>Writes the certificate's private key (RSA or ECDSA) as PKCS#8 PEM, readable by its owner only.</summary>
    internal static void WriteKey(string path, X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()!;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new StreamWriter(path, Encoding.ASCII, options);
        file.Write(key.ExportPkcs8PrivateKeyPem());
        file.Write('\n');
    }

    private const string Readme = """
        OpenMSS TEST PKI - NOT IGC SANTE

        Test material made by 'openmss pki init'. Never use it outside development and tests:
        these keys are unencrypted and nobody vouches for them.

          ca.pem                       trust anchor to verify against (the root alone)
          root-ca.pem/.key             TEST AC RACINE IGC-SANTE ELEMENTAIRE
          org-ca.pem/.key              TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS (issues ORG AUTH_CLI client certificates)
          server-ca.pem/.key           TEST AC IGC-SANTE ELEMENTAIRE SERVEURS (issues server certificates)
          server.pem/.key              server certificate (RSA 2048) followed by its intermediate
          server-ecdsa.pem/.key        the same names with an ECDSA P-256 key
          app.pem/.key                 ORG AUTH_CLI client certificate followed by its intermediate;
                                       subject CN=<free>, OU=<IdNatStruc>, O=<structure>, ST=<departement> (XX), C=FR
        """;
}
