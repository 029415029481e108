using System.ComponentModel;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenMss.Conformance.Observation;
using OpenMss.Net.Tls;

namespace OpenMss.Conformance.Relay;

/// <summary>
/// One client connection relayed to the operator's front and recorded on the way. The relay speaks TLS itself on
/// both sides (the client sees the listener's certificate, the operator the relay), so that every command after
/// STARTTLS can be read, redacted and judged; the IMAP and SMTP subclasses know which line is which.
/// Two pumps run at once, one per direction; at STARTTLS both stop, TLS starts on both sides, and they run again.
/// </summary>
public abstract class RelaySession(ListenerSpec spec, RecordedSession session) : IDisposable
{
    private readonly SemaphoreSlim _clientWrite = new(1, 1);
    private ClientCertificateFacts? _clientCertificate;

    protected enum PumpEnd
    {
        Closed,
        StartTls,
    }

    protected ListenerSpec Spec { get; } = spec;

    protected RecordedSession Session { get; } = session;

    protected Stream ClientStream { get; private set; } = Stream.Null;

    protected Stream BackendStream { get; private set; } = Stream.Null;

    protected LineReader ClientReader { get; private set; } = new(Stream.Null);

    protected LineReader BackendReader { get; private set; } = new(Stream.Null);

    protected bool Tls => Session.Tls is not null;

    /// <summary>The operator's positive answer to STARTTLS (sent to the client once TLS with the operator is up), or null when it refused.</summary>
    protected TaskCompletionSource<byte[]?> StartTlsAnswer { get; private set; } = new();

    public void Dispose()
    {
        _clientWrite.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task RunAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var capture = new HelloCaptureStream(client.GetStream());
        using var backend = new TcpClient();
        try
        {
            await backend.ConnectAsync(Spec.Backend, cancellationToken);
        }
        catch (SocketException e)
        {
            Session.Note($"the operator's front {Spec.Backend} cannot be reached: {e.SocketErrorCode}");
            return;
        }

        ClientStream = capture;
        BackendStream = backend.GetStream();
        try
        {
            while (await RelayPhaseAsync(cancellationToken))
            {
                if (!await StartTlsAsync(capture, cancellationToken))
                {
                    return;
                }
            }
        }
        finally
        {
            await ClientStream.DisposeAsync();
            await BackendStream.DisposeAsync();
        }
    }

    /// <summary>Relays lines from the client to the operator until the client closes or STARTTLS is to begin.</summary>
    protected abstract Task<PumpEnd> ClientPumpAsync(CancellationToken cancellationToken);

    /// <summary>Relays the operator's responses to the client until it closes or has said yes to STARTTLS.</summary>
    protected abstract Task<PumpEnd> BackendPumpAsync(CancellationToken cancellationToken);

    protected async Task WriteClientAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _clientWrite.WaitAsync(cancellationToken);
        try
        {
            await ClientStream.WriteAsync(data, cancellationToken);
            await ClientStream.FlushAsync(cancellationToken);
        }
        finally
        {
            _clientWrite.Release();
        }
    }

    /// <summary>Holds the client's side for a response that spans a line and a literal, so that nothing the tool says lands inside it.</summary>
    protected async Task<IDisposable> HoldClientAsync(CancellationToken cancellationToken)
    {
        await _clientWrite.WaitAsync(cancellationToken);
        return new Releaser(_clientWrite);
    }

    protected Task WriteClientAsync(string line, CancellationToken cancellationToken)
    {
        Session.Server(line, Tls);
        return WriteClientAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancellationToken);
    }

    protected async Task WriteBackendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await BackendStream.WriteAsync(data, cancellationToken);
        await BackendStream.FlushAsync(cancellationToken);
    }

    protected static string Text(byte[] line) => Encoding.UTF8.GetString(line).TrimEnd('\r', '\n');

    /// <summary>Takes a SASL initial response apart into the attempt, and says what the transcript may show of it.</summary>
    protected static string Describe(AuthAttempt attempt, string base64)
    {
        if (attempt.Mechanism == "XOAUTH2")
        {
            attempt.Xoauth2 ??= SaslPayloads.Xoauth2(base64);
            return $"<XOAUTH2 {attempt.Xoauth2?.Shape}>";
        }

        if (attempt.Mechanism == "PLAIN")
        {
            attempt.Plain ??= SaslPayloads.Plain(base64);
            return attempt.Plain is { } plain ? $"<PLAIN authzid='{plain.Authzid}' authcid='{plain.Authcid}' password of {plain.PasswordLength} characters>" : "<PLAIN, not three NUL-separated fields>";
        }

        return $"<{base64.Length} characters redacted>";
    }

    /// <summary>A SASL response line: the first one is the initial response when none came with the command; later ones (after an error challenge) are only counted.</summary>
    protected static string SaslResponse(AuthAttempt attempt, string base64) =>
        attempt.Xoauth2 is null && attempt.Plain is null ? Describe(attempt, base64) : $"<SASL response of {base64.Length} characters>";

    /// <returns>true while the relay goes on (STARTTLS to set up), false when the session is over.</returns>
    private async Task<bool> RelayPhaseAsync(CancellationToken cancellationToken)
    {
        ClientReader = new LineReader(ClientStream);
        BackendReader = new LineReader(BackendStream);
        StartTlsAnswer = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var phase = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clientPump = Guard(ClientPumpAsync(phase.Token));
        var backendPump = Guard(BackendPumpAsync(phase.Token));
        var first = await Task.WhenAny(clientPump, backendPump);
        if (await first == PumpEnd.StartTls)
        {
            var other = first == clientPump ? backendPump : clientPump;
            if (await other == PumpEnd.StartTls)
            {
                return true;
            }
        }

        await phase.CancelAsync();
        ClientStream.Close();
        BackendStream.Close();
        await Task.WhenAll(clientPump, backendPump);
        Session.End();
        return false;
    }

    private async Task<bool> StartTlsAsync(HelloCaptureStream capture, CancellationToken cancellationToken)
    {
        var answer = await StartTlsAnswer.Task;
        var injected = ClientReader.DiscardBuffered();
        if (injected > 0)
        {
            Session.InjectedAfterStartTls += injected;
            Session.Note($"{injected} bytes sent in clear behind STARTTLS were dropped");
        }

        var backendTls = new SslStream(BackendStream, leaveInnerStreamOpen: false, IssuedByTestRoot);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await backendTls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateContext = Spec.BackendClientCertificate is { } own ? SslStreamCertificateContext.Create(own, Spec.BackendClientChain, offline: true) : null,
                },
                timeout.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            Session.Note($"TLS with the operator's front failed: {e.Message}");
            await backendTls.DisposeAsync();
            Session.End();
            return false;
        }

        BackendStream = backendTls;
        capture.Arm();
        Session.Server(Text(answer!), false);
        await WriteClientAsync(answer, cancellationToken);
#pragma warning disable CA5359 // the client certificate is judged by the cases, not refused in the handshake
        var clientTls = new SslStream(ClientStream, leaveInnerStreamOpen: false, RememberClientCertificate);
#pragma warning restore CA5359
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await clientTls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = SslStreamCertificateContext.Create(Spec.Certificate, Spec.Chain, offline: true),
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateRequired = Spec.RequestClientCertificate,
                },
                timeout.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or Win32Exception)
        {
            Session.Hello = ClientHelloParser.Parse(capture.Captured);
            Session.TlsFailure = Describe(e);
            Session.Note($"TLS handshake with the client failed: {Session.TlsFailure}");
            await clientTls.DisposeAsync();
            Session.End();
            return false;
        }

        Session.Hello = ClientHelloParser.Parse(capture.Captured);
        Session.Tls = new TlsFacts(Version(clientTls.SslProtocol), clientTls.NegotiatedCipherSuite.ToString(), _clientCertificate);
        Session.Note($"TLS established: {Session.Tls.Protocol}, {Session.Tls.CipherSuite}" + (_clientCertificate is { } presented ? $", client certificate {presented.Subject}" : ""));
        ClientStream = clientTls;
        return true;
    }

    /// <summary>The operator behind the relay has a certificate of the test PKI.</summary>
    private bool IssuedByTestRoot(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || Spec.ClientRoot is null)
        {
            return false;
        }

        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return ClientCertificates.Facts(presented, chain?.ChainPolicy.ExtraStore, Spec.ClientRoot).ChainsToRoot;
    }

    /// <summary>Keeps what the client certificate says; it is judged by the cases (LPS-APP-01, 02), not refused here, so that the rest of the session is seen too.</summary>
    private bool RememberClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not null)
        {
            using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            _clientCertificate = ClientCertificates.Facts(presented, chain?.ChainPolicy.ExtraStore, Spec.ClientRoot);
        }

        return true;
    }

    private static string Version(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLS 1.3",
        SslProtocols.Tls12 => "TLS 1.2",
        _ => protocol.ToString(),
    };

    /// <summary>The innermost error: what OpenSSL said of the client's alert (certificate expired, unknown CA...).</summary>
    private static string Describe(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner.Message;
    }

    private static async Task<PumpEnd> Guard(Task<PumpEnd> pump)
    {
        try
        {
            return await pump;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidDataException or ObjectDisposedException or SocketException or AuthenticationException)
        {
            return PumpEnd.Closed;
        }
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
