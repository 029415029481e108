using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using OpenMss.Operator.Authentication;
using OpenMss.Operator.Whitelist;
using OpenMss.Smtp.Client;

namespace OpenMss.Operator.Mta;

/// <summary>
/// Opens an SMTP session to a peer operator's MX (spec §10): STARTTLS required, TLS 1.2/1.3 (1.0/1.1 only behind
/// <see cref="MtaOptions.AllowLegacyTls"/>), our server certificate and its chain presented as client certificate,
/// and the peer's certificate accepted only when it chains to the configured IGC roots and its subject DN is listed
/// for the destination domain. The host name is not what is checked: the whitelist pins the DN.
/// </summary>
internal sealed class PeerConnector(MtaOptions options, SslStreamCertificateContext clientCertificate, CertificateChain chain, TrustedPeers peers, string hostName)
{
    /// <returns>A session under TLS with a peer we trust, or the outcome that says why not.</returns>
    public async Task<(SmtpClientSession? Session, PeerOutcome? Failure)> ConnectAsync(string domain, MxHost host, IPAddress address, CancellationToken cancellationToken)
    {
        string? trustProblem = null;
        var remote = $"{host.Name} [{address}]:{options.PeerPort}";
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        SmtpClientSession? session = null;
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectTimeout.CancelAfter(options.Timeout);
                await socket.ConnectAsync(new IPEndPoint(address, options.PeerPort), connectTimeout.Token);
            }

            session = await SmtpClientSession.OpenAsync(new NetworkStream(socket, ownsSocket: true), hostName, options.Timeout, cancellationToken);
            if (!session.Extensions.Contains("STARTTLS"))
            {
                await session.DisposeAsync();
                return (null, PeerOutcome.Failure(false, "4.7.4", $"{remote} does not offer STARTTLS: MSSanté operators exchange mail over TLS only.", host.Name));
            }

            await session.StartTlsAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = host.Name,
                    EnabledSslProtocols = options.Protocols,
                    ClientCertificateContext = clientCertificate,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    RemoteCertificateValidationCallback = (_, certificate, presented, _) =>
                    {
                        trustProblem = Judge(domain, certificate, presented);
                        return trustProblem is null;
                    },
                },
                cancellationToken);
            return (session, null);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or SmtpClientException or System.Security.Authentication.AuthenticationException)
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }

            cancellationToken.ThrowIfCancellationRequested();
            return (null, e switch
            {
                _ when trustProblem is { } problem => PeerOutcome.Failure(problem.StartsWith("DN:", StringComparison.Ordinal), problem.StartsWith("DN:", StringComparison.Ordinal) ? "5.7.1" : "4.7.5", $"{remote}: {problem[3..]}", host.Name),
                SmtpClientException { Reply: { } reply } => PeerOutcome.FromReply(reply.Code, reply.Text, host.Name),
                System.Security.Authentication.AuthenticationException => PeerOutcome.Failure(false, "4.7.5", $"{remote}: TLS handshake failed ({e.GetBaseException().Message.ReplaceLineEndings(" ")}).", host.Name),
                OperationCanceledException => PeerOutcome.Failure(false, "4.4.1", $"{remote}: connection timed out.", host.Name),
                _ => PeerOutcome.Failure(false, "4.4.1", $"{remote}: {e.Message.ReplaceLineEndings(" ")}", host.Name),
            });
        }
    }

    /// <returns>Null to accept; "DN:…" for a DN the whitelist does not list (permanent), "CH:…" for a chain problem (temporary).</returns>
    private string? Judge(string domain, X509Certificate? presented, X509Chain? sentChain)
    {
        if (presented is not X509Certificate2 certificate)
        {
            return "CH:the peer presented no certificate.";
        }

        var intermediates = new X509Certificate2Collection();
        if (sentChain is not null)
        {
            intermediates.AddRange(sentChain.ChainPolicy.ExtraStore);
            foreach (var element in sentChain.ChainElements)
            {
                intermediates.Add(element.Certificate);
            }
        }

        if (chain.Problem(certificate, intermediates, usage: null) is { } problem)
        {
            return $"CH:the peer's certificate is refused: {problem}.";
        }

        return peers.Allows(domain, certificate) ? null : $"DN:the peer's certificate DN ({certificate.Subject}) is not listed for {domain} in the MSSanté whitelist.";
    }
}
