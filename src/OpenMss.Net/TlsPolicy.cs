using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Net;

/// <summary>
/// The API LPS's TLS: 1.2 and 1.3 only; on TLS 1.2 only ECDHE key exchange with AES-GCM or ChaCha20-Poly1305
/// (no CBC, RC4, 3DES; spec §13 #18), TLS 1.3's suites as they are. The server certificate is sent with its chain.
/// A front may ask for a client certificate: the TLS layer accepts whatever is offered and the authentication step
/// judges it, so that a bad certificate gets an SMTP or IMAP answer rather than a broken handshake.
/// </summary>
public sealed class TlsPolicy
{
    private static readonly TlsCipherSuite[] Strong =
    [
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    private readonly SslStreamCertificateContext _certificate;

    public TlsPolicy(X509Certificate2 certificate, X509Certificate2Collection? chain)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The server certificate has no private key.", nameof(certificate));
        }

        _certificate = SslStreamCertificateContext.Create(certificate, chain, offline: true);
    }

    /// <summary>Loads a PEM certificate (followed by its intermediates) and its PEM key.</summary>
    public static TlsPolicy FromPem(string certificateFile, string keyFile)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificateFile);
        chain.RemoveAt(0);
        return new TlsPolicy(certificate, chain);
    }

    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A client certificate is judged by the authentication step against the configured trust anchors (the system
    /// store knows neither IGC Santé's nor the test PKI's roots, so chain errors are expected here); none is fine too.
    /// </summary>
    private static bool JudgedLater(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        (errors & ~(SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNotAvailable)) == SslPolicyErrors.None;

    /// <param name="observeClientChain">Given the chain built for the client certificate (with the intermediates the client sent).</param>
    public SslServerAuthenticationOptions ServerOptions(bool requestClientCertificate, Action<X509Chain?>? observeClientChain = null)
    {
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _certificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = requestClientCertificate,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            AllowRenegotiation = false,
            RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                observeClientChain?.Invoke(chain);
                return JudgedLater(sender, certificate, chain, errors);
            },
        };
        if (OperatingSystem.IsLinux())
        {
            options.CipherSuitesPolicy = new CipherSuitesPolicy(Strong);
        }

        return options;
    }
}
