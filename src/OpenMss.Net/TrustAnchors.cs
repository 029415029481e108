using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Net;

/// <summary>
/// HTTPS clients that trust exactly the given anchors (IGC Santé's roots for ANS services, or a test PKI's ca.pem),
/// not the system store. Production code: it lives here, not in the test PKI.
/// </summary>
public static class TrustAnchors
{
    public static SocketsHttpHandler HttpHandler(string caPemFile)
    {
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(caPemFile);
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(anchors);
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
                CertificateChainPolicy = policy,
            },
        };
    }
}
