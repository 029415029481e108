using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenMss.Conformance.Observation;
using OpenMss.Conformance.Relay;

namespace OpenMss.Conformance.Operator;

/// <summary>
/// A client connection the operator mode drives by hand, line by line, so that it can do what a correct client
/// never does (authenticate in clear, pipeline behind STARTTLS) and keep a redacted transcript as evidence.
/// </summary>
public abstract class Probe : IAsyncDisposable
{
    private readonly TcpClient _client;
    private Stream _stream;
    private LineReader _reader;

    protected Probe(TcpClient client, RecordedSession session, string host)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new LineReader(_stream, LineReader.DefaultMaxLine);
        Session = session;
        Host = host;
    }

    public RecordedSession Session { get; }

    public string Host { get; }

    /// <summary>Why the server's certificate would not be trusted (expired, unknown CA, other host name), or null when it is.</summary>
    public string? CertificateProblem { get; private set; }

    protected bool Tls => Session.Tls is not null;

    protected static async Task<(TcpClient Client, RecordedSession Session)> OpenAsync(string name, WireProtocol protocol, DnsEndPoint endpoint, ObservationLog log, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        return (client, log.Begin(name, protocol, $"{endpoint.Host}:{endpoint.Port}"));
    }

    public async Task SendAsync(string line, string? shown, CancellationToken cancellationToken)
    {
        Session.Client(shown ?? line, Tls);
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Several commands in one write, as a pipelining attacker would send them.</summary>
    /// <param name="shown">What the transcript shows instead (a message's size, never its content).</param>
    public async Task SendRawAsync(string text, CancellationToken cancellationToken, string? shown = null)
    {
        Session.Client(shown ?? text.Replace("\r\n", "\\r\\n", StringComparison.Ordinal) + " (one write)", Tls);
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>The next line from the server, or null when it closed the connection (or said nothing within the time given).</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            if (await _reader.ReadLineAsync(limit.Token) is not { } line)
            {
                Session.Note("the server closed the connection");
                return null;
            }

            var text = Encoding.UTF8.GetString(line).TrimEnd('\r', '\n');
            Session.Server(text, Tls);
            return text;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            Session.Note(e is OperationCanceledException ? "no answer in time" : "the connection broke");
            return null;
        }
    }

    /// <summary>Begins TLS after a positive STARTTLS answer; false when the handshake fails (what failed is noted).</summary>
    public async Task<bool> UpgradeAsync(X509Certificate2Collection roots, X509Certificate2? clientCertificate, X509Certificate2Collection? clientChain, SslProtocols protocols, CancellationToken cancellationToken)
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false, (_, certificate, chain, errors) => Remember(certificate, chain, errors, roots));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = Host,
                    EnabledSslProtocols = protocols,
                    ClientCertificateContext = clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, clientChain ?? [], offline: true),
                },
                timeout.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            Session.Note($"TLS handshake failed: {e.Message}");
            return false;
        }

        _stream = tls;
        _reader = new LineReader(_stream, LineReader.DefaultMaxLine);
        Session.Tls = new TlsFacts(tls.SslProtocol == SslProtocols.Tls13 ? "TLS 1.3" : tls.SslProtocol.ToString(), tls.NegotiatedCipherSuite.ToString(), null);
        Session.Note($"TLS established: {Session.Tls.Protocol}, {Session.Tls.CipherSuite}" + (CertificateProblem is null ? "" : $"; certificate not trusted: {CertificateProblem}"));
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
        Session.End();
        GC.SuppressFinalize(this);
    }

    /// <summary>Checked against the CA given (IGC Santé's roots, or a test PKI's) and the host name; the verdict is kept, the probe goes on.</summary>
    private bool Remember(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null)
        {
            CertificateProblem = "no certificate";
            return true;
        }

        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var own = new X509Chain();
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.AddRange(roots);
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            own.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        var problems = new List<string>();
        if (!own.Build(presented))
        {
            problems.Add(string.Join("; ", own.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct()));
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            problems.Add($"it does not name {Host}");
        }

        CertificateProblem = problems.Count == 0 ? null : string.Join("; ", problems);
        return true; // judged by OP-TLS-06; the other checks go on regardless
    }
}
