using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MailKit.Security;
using OpenMss.Operator.Authentication;
using OpenMss.Operator.Whitelist;

namespace OpenMss.Operator.Mta;

/// <summary>
/// Opens an SMTP session to a peer operator's MX (spec §10): STARTTLS required, TLS 1.2/1.3 (1.0/1.1 only behind
/// <see cref="MtaOptions.AllowLegacyTls"/>), our server certificate presented as client certificate, and the
/// peer's certificate accepted only when it chains to the configured IGC roots and its subject DN is listed for the
/// destination domain. The host name is not what is checked: the whitelist pins the DN.
/// </summary>
internal sealed class PeerConnector(MtaOptions options, X509Certificate2Collection clientCertificate, CertificateChain chain, TrustedPeers peers, string hostName)
{
    /// <returns>A connected, TLS-protected client, or the outcome that says why not.</returns>
    public async Task<(PeerSmtpClient? Client, PeerOutcome? Failure)> ConnectAsync(string domain, MxHost host, IPAddress address, CancellationToken cancellationToken)
    {
        string? trustProblem = null;
        var client = new PeerSmtpClient
        {
            LocalDomain = hostName,
            SslProtocols = options.Protocols,
            ClientCertificates = clientCertificate,
            CheckCertificateRevocation = false,
            Timeout = (int)options.Timeout.TotalMilliseconds,
            RequireTLS = false,
        };
        client.ServerCertificateValidationCallback = (_, certificate, presented, _) =>
        {
            trustProblem = Judge(domain, certificate, presented);
            return trustProblem is null;
        };

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectTimeout.CancelAfter(options.Timeout);
            await socket.ConnectAsync(new IPEndPoint(address, options.PeerPort), connectTimeout.Token);
            await client.ConnectAsync(socket, host.Name, options.PeerPort, SecureSocketOptions.StartTls, cancellationToken);
            return (client, null);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or SslHandshakeException or MailKit.ProtocolException or MailKit.Net.Smtp.SmtpCommandException or NotSupportedException or System.Security.Authentication.AuthenticationException)
        {
            socket.Dispose();
            client.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            var remote = $"{host.Name} [{address}]:{options.PeerPort}";
            return (null, e switch
            {
                _ when trustProblem is { } problem => PeerOutcome.Failure(problem.StartsWith("DN:", StringComparison.Ordinal), problem.StartsWith("DN:", StringComparison.Ordinal) ? "5.7.1" : "4.7.5", $"{remote}: {problem[3..]}", host.Name),
                NotSupportedException => PeerOutcome.Failure(false, "4.7.4", $"{remote} does not offer STARTTLS: MSSanté operators exchange mail over TLS only.", host.Name),
                SslHandshakeException or System.Security.Authentication.AuthenticationException => PeerOutcome.Failure(false, "4.7.5", $"{remote}: TLS handshake failed ({e.GetBaseException().Message.ReplaceLineEndings(" ")}).", host.Name),
                MailKit.Net.Smtp.SmtpCommandException command => PeerOutcome.FromReply((int)command.StatusCode, command.Message, host.Name),
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
