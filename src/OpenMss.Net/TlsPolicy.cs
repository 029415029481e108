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

    /// <summary>
    /// The options for one client's hello. A client that offers TLS 1.3 gets TLS 1.3 alone, whose suites are all AEAD,
    /// without a <see cref="CipherSuitesPolicy"/>: the runtime then caches its OpenSSL context and resumes sessions
    /// (a cipher policy turns that cache off). A client that stops at TLS 1.2 gets TLS 1.2 with the strong suites only,
    /// and a full handshake each time (spec §13 #18 outranks resumption). A front that asks for client certificates
    /// (AUTH_CLI) never resumes: a resumed session skips the certificate's check (validity, intermediates), which is
    /// that front's authentication, and the cached context would decide for every front whether a certificate is
    /// asked for.
    /// </summary>
    /// <param name="offersTls13">From the client's supported_versions (<see cref="Tls.ClientHelloParser"/>): the runtime's
    /// <see cref="SslClientHelloInfo.SslProtocols"/> reports the hello's legacy version, TLS 1.2, for a TLS 1.3 client.</param>
    public SslServerAuthenticationOptions ServerOptions(bool offersTls13, bool requestClientCertificate, Action<X509Chain?>? observeClientChain = null)
    {
        var options = ServerOptions(requestClientCertificate, observeClientChain);
        if (requestClientCertificate)
        {
            return options;
        }

        if (offersTls13)
        {
            options.EnabledSslProtocols = SslProtocols.Tls13;
            options.CipherSuitesPolicy = null;
        }
        else
        {
            options.EnabledSslProtocols = SslProtocols.Tls12;
        }

        return options;
    }

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
