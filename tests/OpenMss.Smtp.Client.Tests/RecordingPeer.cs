using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenMss.Smtp.Client.Tests;

/// <summary>
/// A scripted SMTP server on loopback that records every octet the client sends: it advertises the extensions it is
/// given, refuses the recipients it is told to, and reads BDAT chunks and DATA content as a server would.
/// </summary>
internal sealed class RecordingPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _serving;
    private readonly MemoryStream _received = new();

    public RecordingPeer(string[] extensions, params string[] refusedRecipients)
    {
        _listener.Start();
        _serving = ServeAsync(extensions, refusedRecipients);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Everything the client sent, as text.</summary>
    public string Received
    {
        get
        {
            lock (_received)
            {
                return Encoding.UTF8.GetString(_received.ToArray());
            }
        }
    }

    /// <summary>The content of the last BDAT or DATA, as received (DATA still dot-stuffed, terminator excluded).</summary>
    public byte[] LastContent { get; private set; } = [];

    public async Task<NetworkStream> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        return client.GetStream();
    }

    private async Task ServeAsync(string[] extensions, string[] refused)
    {
        using var socket = await _listener.AcceptTcpClientAsync();
        var stream = socket.GetStream();
        var reader = new BufferedStream(stream);
        await Say(stream, "220 peer.test ESMTP\r\n");
        while (true)
        {
            var line = await ReadLineAsync(reader);
            if (line is null)
            {
                return;
            }

            var verb = line.Split(' ')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await Say(stream, "250-peer.test\r\n" + string.Concat(extensions.Select(e => $"250-{e}\r\n")) + "250 HELP\r\n");
                    break;
                case "RCPT" when refused.Any(r => line.Contains($"<{r}>", StringComparison.OrdinalIgnoreCase)):
                    await Say(stream, "550 5.1.1 No such BAL here.\r\n");
                    break;
                case "BDAT":
                    var size = int.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
                    var chunk = new byte[size];
                    await reader.ReadExactlyAsync(chunk);
                    Record(chunk);
                    LastContent = chunk;
                    await Say(stream, "250 2.0.0 OK: queued as b1.\r\n");
                    break;
                case "DATA":
                    await Say(stream, "354 go ahead\r\n");
                    var content = new MemoryStream();
                    while (await ReadLineAsync(reader) is { } dataLine && dataLine != ".")
                    {
                        content.Write(Encoding.UTF8.GetBytes(dataLine + "\r\n"));
                    }

                    LastContent = content.ToArray();
                    await Say(stream, "250 2.0.0 OK: queued as d1.\r\n");
                    break;
                case "QUIT":
                    await Say(stream, "221 2.0.0 Bye.\r\n");
                    return;
                default:
                    await Say(stream, "250 2.0.0 OK\r\n");
                    break;
            }
        }
    }

    private async Task<string?> ReadLineAsync(Stream stream)
    {
        var line = new MemoryStream();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            Record(one);
            if (one[0] == '\n')
            {
                var bytes = line.ToArray();
                return Encoding.UTF8.GetString(bytes, 0, bytes.Length > 0 && bytes[^1] == '\r' ? bytes.Length - 1 : bytes.Length);
            }

            line.WriteByte(one[0]);
        }

        return null;
    }

    private void Record(byte[] bytes)
    {
        lock (_received)
        {
            _received.Write(bytes);
        }
    }

    private static Task Say(Stream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or ObjectDisposedException)
        {
            // The client went away first.
        }
    }
}
