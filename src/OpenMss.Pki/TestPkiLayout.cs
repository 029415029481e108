using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Pki;

/// <summary>The files of a test PKI directory, by role. Certificates are PEM; keys are unencrypted PKCS#8 PEM (mode 600).</summary>
public sealed class TestPkiLayout(string directory)
{
    public string Directory { get; } = System.IO.Path.GetFullPath(directory);

    /// <summary>The trust anchor clients verify against: the root alone.</summary>
    public string TrustAnchor => Path("ca.pem");

    public string Root => Path("root-ca.pem");

    public string RootKey => Path("root-ca.key");

    public string OrganisationsCa => Path("org-ca.pem");

    public string OrganisationsCaKey => Path("org-ca.key");

    public string ServersCa => Path("server-ca.pem");

    public string ServersCaKey => Path("server-ca.key");

    /// <summary>The server certificate followed by its intermediate, as a TLS server sends it.</summary>
    public string Server => Path("server.pem");

    public string ServerKey => Path("server.key");

    /// <summary>A server certificate with the same names and an ECDSA P-256 key, followed by its intermediate.</summary>
    public string ServerEcdsa => Path("server-ecdsa.pem");

    public string ServerEcdsaKey => Path("server-ecdsa.key");

    public string ClientCertificate(string name) => Path($"{name}.pem");

    public string ClientKey(string name) => Path($"{name}.key");

    public bool Exists => File.Exists(Root);

    /// <summary>The server certificate with its key, and the intermediates to send after it, as a TLS listener needs them.</summary>
    public (X509Certificate2 Certificate, X509Certificate2Collection Chain) LoadServer()
    {
        var certificate = Load(Server, ServerKey);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(Server);
        chain.RemoveAt(0);
        return (certificate, chain);
    }

    /// <summary>Checks that the trust anchor and the named client certificates load with their keys, so a damaged directory is named before anything serves from it.</summary>
    public void EnsureUsable(params string[] clientNames)
    {
        Load(TrustAnchor, null).Dispose();
        foreach (var name in clientNames)
        {
            Load(ClientCertificate(name), ClientKey(name)).Dispose();
        }
    }

    private X509Certificate2 Load(string certificate, string? key)
    {
        try
        {
            return key is null ? X509CertificateLoader.LoadCertificateFromFile(certificate) : X509Certificate2.CreateFromPemFile(certificate, key);
        }
        catch (Exception e) when (e is CryptographicException or IOException)
        {
            var files = key is null ? System.IO.Path.GetFileName(certificate) : $"{System.IO.Path.GetFileName(certificate)} or {System.IO.Path.GetFileName(key)}";
            throw new PkiException($"The test PKI in {Directory} is damaged ({files} is missing or unreadable); remove that directory to have a new one made.", e);
        }
    }

    private string Path(string file) => System.IO.Path.Combine(Directory, file);
}
