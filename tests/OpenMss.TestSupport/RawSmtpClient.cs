using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenMss.Pki;

namespace OpenMss.TestSupport;

/// <summary>A hand-driven SMTP client for dialogues: write exact bytes, read whole replies, upgrade with STARTTLS.</summary>
public sealed class RawSmtpClient : IAsyncDisposable
{
    private readonly TcpClient? _tcp;
    private Stream _stream;
    private readonly TestLineReader _lines = new(1); // a byte at a time: nothing after a reply is read before the test asks

    private RawSmtpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>A client on an in-memory connection's end (no socket).</summary>
    public RawSmtpClient(Stream stream)
    {
        _stream = stream;
    }

    public static async Task<RawSmtpClient> ConnectAsync(int port, System.Net.IPAddress? address = null)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(address ?? System.Net.IPAddress.Loopback, port);
        return new RawSmtpClient(tcp);
    }

    /// <summary>The CA (PEM) the server's certificate must chain to (default: the shared test PKI's).</summary>
    public string? TrustAnchor { get; set; }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Sends a command line (CRLF added) and reads its reply.</summary>
    public async Task<SmtpTestReply> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    /// <summary>One reply, all its lines; null when the server closed the connection.</summary>
    public async Task<SmtpTestReply> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync() ?? throw new IOException($"The server closed the connection (after {string.Join(" | ", lines)}).");
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return new SmtpTestReply(int.Parse(line[..3], System.Globalization.CultureInfo.InvariantCulture), lines);
            }
        }
    }

    /// <summary>True when the server has closed the connection (reads to the end).</summary>
    public async Task<bool> IsClosedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[256];
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Sent after the client certificate (default: the test PKI's organisations intermediate).</summary>
    public X509Certificate2Collection Intermediates { get; } = OrganisationsIntermediate();

    private static X509Certificate2Collection OrganisationsIntermediate()
    {
        var intermediates = new X509Certificate2Collection();
        intermediates.ImportFromPemFile(RunningSandbox.Pki.OrganisationsCa);
        return intermediates;
    }

    public async Task StartTlsAsync(X509Certificate2? clientCertificate = null)
    {
        var reply = await CommandAsync("STARTTLS");
        if (reply.Code != 220)
        {
            throw new InvalidOperationException($"STARTTLS refused: {reply}");
        }

        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            CertificateChainPolicy = TrustPolicy(TrustAnchor ?? RunningSandbox.Pki.TrustAnchor),
            // The certificate is sent with its intermediates, as curl and python do from a chained PEM.
            ClientCertificateContext = clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, Intermediates, offline: true),
        };
        await tls.AuthenticateAsClientAsync(options);
        _stream = tls;
    }

    /// <summary>EHLO, STARTTLS, EHLO: where authentication may begin.</summary>
    public async Task SecureAsync(X509Certificate2? clientCertificate = null)
    {
        Expect(await ReadReplyAsync(), 220);
        Expect(await CommandAsync("EHLO lps.test"), 250);
        await StartTlsAsync(clientCertificate);
        Expect(await CommandAsync("EHLO lps.test"), 250);
    }

    private static void Expect(SmtpTestReply reply, int code)
    {
        if (reply.Code != code)
        {
            throw new InvalidOperationException($"Expected {code}, got {reply}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp?.Dispose();
    }

    private static X509ChainPolicy TrustPolicy(string anchor)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(anchor);
        policy.CustomTrustStore.AddRange(anchors);
        return policy;
    }

    public Task<string?> ReadLineAsync() => _lines.ReadLineAsync(_stream);
}

public sealed record SmtpTestReply(int Code, IReadOnlyList<string> Lines)
{
    public string Text => string.Join("\n", Lines);

    /// <summary>The enhanced status code of the last line ("5.7.8"), or "" when there is none.</summary>
    public string Enhanced => Lines[^1].Length > 4 && char.IsDigit(Lines[^1][4]) ? Lines[^1][4..].Split(' ')[0] : "";

    public override string ToString() => Text;
}
