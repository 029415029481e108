using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using OpenMss.Lps.Autoconfiguration;
using OpenMss.Lps.Trust;

namespace OpenMss.Lps.Sessions;

/// <summary>
/// Opens a front's connection up to the point where authentication may begin: TCP, then STARTTLS only
/// (ECO.1.0.1, 1.0.2) with TLS 1.2/1.3 only (ECO.1.1.1), the server certificate judged against the configured roots
/// and its chain's CRLs before anything else is sent (ECO.1.1.5–1.1.7, 1.1.10).
/// </summary>
internal static class SecureConnector
{
    private const SslProtocols Tls12And13 = SslProtocols.Tls12 | (SslProtocols)12288; // Tls13: not named in netstandard2.0

    /// <summary>A connected socket, or why there is none (refused, unreachable, no answer in time).</summary>
    public static async Task<(Socket? Socket, Exception? Error)> ConnectSocketAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connect = socket.ConnectAsync(new IPEndPoint(address, port));
        var finished = await Task.WhenAny(connect, Delays.WaitAsync(TimeProvider.System, timeout, cancellationToken)).ConfigureAwait(false);
        if (finished == connect && connect.Status == TaskStatus.RanToCompletion)
        {
            return (socket, null);
        }

        socket.Dispose();
        cancellationToken.ThrowIfCancellationRequested();
        return (null, connect.Exception?.InnerException ?? new TimeoutException($"{address}:{port} did not accept a connection in time."));
    }

    public static async Task StartTlsAsync(MailService client, Socket socket, ServiceEndpoint endpoint, MailboxContext context, CancellationToken cancellationToken)
    {
        var check = new ServerCertificateCheck(context.Options.Trust, context.Options.Time);
        client.SslProtocols = Tls12And13;
        client.CheckCertificateRevocation = false; // the CRL checker does it, keeping the last good CRL (ECO.1.1.7)
        client.ServerCertificateValidationCallback = check.Validate;
        client.Timeout = (int)context.Options.Timeout.TotalMilliseconds;
        if (context.Certificate is { } certificate)
        {
            client.ClientCertificates = certificate;
        }

        if (client is SmtpClient smtp)
        {
            smtp.LocalDomain = context.Options.ClientName;
        }

        try
        {
            await client.ConnectAsync(socket, endpoint.Host, endpoint.Port, SecureSocketOptions.StartTls, cancellationToken).ConfigureAwait(false);
        }
        catch (SslHandshakeException e)
        {
            throw check.Problem is { } problem
                ? new MssServerCertificateException($"{endpoint} was refused before authentication: {problem}.", e)
                : new MssConfigurationException($"The TLS handshake with {endpoint} failed ({e.InnerException?.Message ?? e.Message}); the API LPS needs TLS 1.2 or 1.3 (ECO.1.1.1).", null, e);
        }
        catch (NotSupportedException e)
        {
            throw new MssConfigurationException($"{endpoint} does not offer STARTTLS, which the API LPS requires (ECO.1.0.1, 1.0.2); nothing was sent in clear.", null, e);
        }

        if ((client.SslProtocol & Tls12And13) == 0)
        {
            throw new MssConfigurationException($"{endpoint} negotiated {client.SslProtocol}; the API LPS needs TLS 1.2 or 1.3 (ECO.1.1.1).", null);
        }

        try
        {
            if (context.Options.Trust.CheckRevocation && await context.Crls.ProblemAsync(check.Chain, cancellationToken).ConfigureAwait(false) is { } revoked)
            {
                throw new MssServerCertificateException($"{endpoint} was refused before authentication: {revoked}.");
            }
        }
        finally
        {
            check.Release();
            client.ServerCertificateValidationCallback = null;
        }
    }
}
