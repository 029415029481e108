using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>A hand-driven IMAP client: send exact lines, read untagged lines up to the tagged completion.</summary>
internal sealed class RawImapClient : IAsyncDisposable
{
    private readonly TcpClient? _tcp;
    private Stream _stream;
    private readonly TestLineReader _lines = new(4096);
    private int _tag;

    private RawImapClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>A client on an in-memory connection's end (no socket).</summary>
    public RawImapClient(Stream stream)
    {
        _stream = stream;
    }

    public static async Task<RawImapClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        return new RawImapClient(tcp);
    }

    public async Task SendAsync(string text)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _stream.FlushAsync();
    }

    /// <summary>Sends "tN command" and returns every line up to and including the tagged one.</summary>
    public async Task<Response> CommandAsync(string command)
    {
        var tag = $"t{++_tag}";
        await SendAsync($"{tag} {command}\r\n");
        return await ReadUntilTaggedAsync(tag);
    }

    public async Task<Response> ReadUntilTaggedAsync(string tag)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync() ?? throw new IOException($"Closed by the server after: {string.Join(" | ", lines)}");
            lines.Add(line);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return new Response(lines);
            }
        }
    }

    public Task<string?> ReadLineAsync() => _lines.ReadLineAsync(_stream);

    public async Task StartTlsAsync(X509Certificate2? clientCertificate = null)
    {
        var reply = await CommandAsync("STARTTLS");
        if (!reply.Tagged.Contains(" OK ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(reply.ToString());
        }

        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(RunningSandbox.Pki.TrustAnchor);
        policy.CustomTrustStore.AddRange(anchors);
        var intermediates = new X509Certificate2Collection();
        intermediates.ImportFromPemFile(RunningSandbox.Pki.OrganisationsCa);
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            CertificateChainPolicy = policy,
            ClientCertificateContext = clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, intermediates, offline: true),
        });
        _stream = tls;
    }

    /// <summary>Greeting read, then STARTTLS.</summary>
    public async Task<string> SecureAsync(X509Certificate2? clientCertificate = null)
    {
        var greeting = await ReadLineAsync() ?? throw new IOException("No greeting.");
        await StartTlsAsync(clientCertificate);
        return greeting;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp?.Dispose();
    }
}

internal sealed record Response(IReadOnlyList<string> Lines)
{
    public string Tagged => Lines[^1];

    public IEnumerable<string> Untagged => Lines.Take(Lines.Count - 1);

    public override string ToString() => string.Join("\n", Lines);
}
