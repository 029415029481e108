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

    public string ClientCertificate(string name) => Path($"{name}.pem");

    public string ClientKey(string name) => Path($"{name}.key");

    public bool Exists => File.Exists(Root);

    /// <summary>The server certificate with its key, and the intermediates to send after it, as a TLS listener needs them.</summary>
    public (X509Certificate2 Certificate, X509Certificate2Collection Chain) LoadServer()
    {
        var certificate = X509Certificate2.CreateFromPemFile(Server, ServerKey);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(Server);
        chain.RemoveAt(0);
        return (certificate, chain);
    }

    private string Path(string file) => System.IO.Path.Combine(Directory, file);
}
