using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using OpenMss.Net.Tls;

namespace OpenMss.Net;

/// <summary>
/// One client connection of a mail protocol: its current input and output (clear text, then TLS after STARTTLS),
/// what TLS negotiated, and the client certificate when one was asked for.
/// </summary>
public sealed class MailConnection : IAsyncDisposable
{
    private readonly ConnectionContext _context;
    private SslStream? _tls;

    public MailConnection(ConnectionContext context)
    {
        _context = context;
        Input = context.Transport.Input;
        Output = context.Transport.Output;
    }

    public PipeReader Input { get; private set; }

    public PipeWriter Output { get; private set; }

    public IPAddress? RemoteAddress => (_context.RemoteEndPoint as IPEndPoint)?.Address;

    public EndPoint? RemoteEndPoint => _context.RemoteEndPoint;

    public string ConnectionId => _context.ConnectionId;

    public bool IsTls => _tls is not null;

    public SslProtocols TlsProtocol => _tls?.SslProtocol ?? SslProtocols.None;

    public TlsCipherSuite? CipherSuite => _tls?.NegotiatedCipherSuite;

    public X509Certificate2? ClientCertificate => _tls?.RemoteCertificate as X509Certificate2;

    /// <summary>The intermediates the client sent with its certificate, for the authentication step to build the chain.</summary>
    public X509Certificate2Collection ClientIntermediates { get; } = [];

    /// <summary>
    /// Upgrades in place after the STARTTLS command line was consumed and answered. The caller must have checked that
    /// nothing else was buffered (<see cref="HasBufferedInput"/>): plaintext pipelined behind STARTTLS must never be
    /// read as if it came through TLS (RFC 3207 §4.2, CVE-2011-0411).
    /// </summary>
    /// <returns>false when the handshake failed or timed out; the connection must then be closed.</returns>
    public async Task<bool> StartTlsAsync(TlsPolicy policy, bool requestClientCertificate, CancellationToken cancellationToken)
    {
        if (_tls is not null)
        {
            throw new InvalidOperationException("TLS is already on.");
        }

        var tls = new SslStream(new DuplexPipeStream(_context.Transport.Input, _context.Transport.Output), leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(policy.HandshakeTimeout);
        try
        {
            var offersTls13 = (await PeekClientHelloAsync(timeout.Token))?.OffersTls13 ?? false;
            await tls.AuthenticateAsServerAsync(
                policy.ServerOptions(offersTls13, requestClientCertificate, chain =>
                {
                    if (chain is not null)
                    {
                        ClientIntermediates.AddRange(chain.ChainPolicy.ExtraStore);
                    }
                }),
                timeout.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            await tls.DisposeAsync();
            return false;
        }

        _tls = tls;
        Input = PipeReader.Create(tls, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        Output = PipeWriter.Create(tls, new StreamPipeWriterOptions(leaveOpen: true));
        return true;
    }

    /// <summary>
    /// Reads the client's first TLS record without consuming it (the handshake then reads it again), to choose the
    /// options before the handshake. Bounded by the record's own length (at most 2^14 + 5 bytes) and the handshake's
    /// deadline; null when what came is not a ClientHello.
    /// </summary>
    private async Task<ClientHelloFacts?> PeekClientHelloAsync(CancellationToken cancellationToken)
    {
        var input = _context.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var needed = buffer.Length >= 5 ? 5 + ((buffer.Slice(3, 1).FirstSpan[0] << 8) | buffer.Slice(4, 1).FirstSpan[0]) : long.MaxValue;
            if (buffer.Length >= Math.Min(needed, (1 << 14) + 5) || result.IsCompleted)
            {
                var record = buffer.Slice(0, Math.Min(buffer.Length, Math.Min(needed, (1 << 14) + 5))).ToArray();
                input.AdvanceTo(buffer.Start);
                return ClientHelloParser.Parse(record);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>True when the client sent more than what was consumed (checked before answering STARTTLS).</summary>
    public bool HasBufferedInput()
    {
        if (!Input.TryRead(out var result))
        {
            return false;
        }

        var buffered = !result.Buffer.IsEmpty;
        Input.AdvanceTo(result.Buffer.Start);
        return buffered;
    }

    public void Abort() => _context.Abort(new ConnectionAbortedException("Closed by the server."));

    public async ValueTask DisposeAsync()
    {
        if (_tls is not null)
        {
            await Input.CompleteAsync();
            await Output.CompleteAsync();
            await _tls.DisposeAsync();
        }
    }
}
