using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;

namespace OpenMss.Lps.Sessions;

/// <summary>
/// MailKit's clients, presenting the AUTH_CLI certificate with its intermediates whatever CAs the operator names in
/// its certificate request: SslStream's default selection keeps only certificates whose issuer the server lists and
/// sends the leaf alone, and an operator that lists its IGC Santé roots and expects the ORG intermediate from the
/// client would otherwise refuse it. (On netstandard2.0 the platform chooses: install the intermediates in the
/// machine's store there.)
/// </summary>
internal static class MssMailClients
{
#if NET8_0_OR_GREATER
    /// <summary>The first certificate is the AUTH_CLI one; the others are its intermediates, sent with it so the operator can build the chain.</summary>
    private static SslClientAuthenticationOptions Present(SslClientAuthenticationOptions options, X509CertificateCollection? certificates)
    {
        if (certificates is { Count: > 0 } && certificates[0] is X509Certificate2 certificate)
        {
            var intermediates = new X509Certificate2Collection();
            foreach (var other in certificates.Cast<X509Certificate>().Skip(1).OfType<X509Certificate2>())
            {
                intermediates.Add(other);
            }

            options.ClientCertificates = null;
            options.LocalCertificateSelectionCallback = null;
            options.ClientCertificateContext = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
        }

        return options;
    }
#endif

    internal sealed class Imap(IProtocolLogger logger) : ImapClient(logger)
    {
#if NET8_0_OR_GREATER
        protected override SslClientAuthenticationOptions GetSslClientAuthenticationOptions(string host, RemoteCertificateValidationCallback remoteCertificateValidationCallback) =>
            Present(base.GetSslClientAuthenticationOptions(host, remoteCertificateValidationCallback), ClientCertificates);
#endif
    }

    internal sealed class Smtp(IProtocolLogger logger) : SmtpClient(logger)
    {
#if NET8_0_OR_GREATER
        protected override SslClientAuthenticationOptions GetSslClientAuthenticationOptions(string host, RemoteCertificateValidationCallback remoteCertificateValidationCallback) =>
            Present(base.GetSslClientAuthenticationOptions(host, remoteCertificateValidationCallback), ClientCertificates);
#endif
    }
}
