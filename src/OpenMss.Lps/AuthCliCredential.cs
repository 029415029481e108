using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Lps;

/// <summary>
/// A structure's IGC Santé ORG AUTH_CLI certificate with its private key, and the intermediates sent with it so
/// the operator can build its chain (spec §2.3, §3.6). One certificate may serve several BAL APP of the structure.
/// </summary>
public sealed class AuthCliCredential
{
    /// <summary>A certificate with its private key, and its intermediates (leaf excluded).</summary>
    public AuthCliCredential(X509Certificate2 certificate, X509Certificate2Collection? intermediates = null)
    {
        if (certificate is not { HasPrivateKey: true })
        {
            throw new ArgumentException("The AUTH_CLI certificate must come with its private key.", nameof(certificate));
        }

        Certificate = certificate;
        Intermediates = intermediates ?? [];
    }

    /// <summary>The AUTH_CLI certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Its intermediates.</summary>
    public X509Certificate2Collection Intermediates { get; }

    /// <summary>From a PKCS#12 file (what IGC Santé delivers): the certificate with a key, and the other certificates as intermediates.</summary>
    public static AuthCliCredential FromPfx(string path, string? password)
    {
        var all = new X509Certificate2Collection();
#if NET9_0_OR_GREATER
        all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.Exportable);
#else
        all.Import(path, password, X509KeyStorageFlags.Exportable);
#endif
        var leaf = all.Cast<X509Certificate2>().FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new ArgumentException($"{path} holds no certificate with a private key.", nameof(path));
        var intermediates = new X509Certificate2Collection();
        foreach (var other in all.Cast<X509Certificate2>().Where(c => !ReferenceEquals(c, leaf) && c.Subject != c.Issuer))
        {
            intermediates.Add(other);
        }

        return new AuthCliCredential(leaf, intermediates);
    }

#if NET8_0_OR_GREATER
    /// <summary>From PEM files: the certificate followed by its intermediates, and its key (net8.0 and later).</summary>
    public static AuthCliCredential FromPemFiles(string certificatePath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null); // a persisted key, which TLS stacks accept everywhere
        var intermediates = new X509Certificate2Collection();
        intermediates.ImportFromPemFile(certificatePath);
        intermediates.RemoveAt(0);
        return new AuthCliCredential(certificate, intermediates);
    }
#endif
}
