using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenMss.Conformance.Observation;
using OpenMss.Net.Tls;

namespace OpenMss.Conformance.Relay;

/// <summary>
/// An IMAP front whose TLS is 1.1 only (ECO.1.1.1): the tool answers the clear-text part itself, then passes the
/// TLS records both ways to <see cref="OpenSslServer"/> and reads only their headers. A client that sends
/// application data (record type 23) has accepted TLS 1.1.
/// </summary>
public static class OldTlsListener
{
    private const int MaxRecord = 18 * 1024 + 5;

    /// <summary>A session here is a handshake attempt: a client that lingers longer is cut off.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    public static async Task HandleAsync(TcpClient client, RecordedSession session, IPEndPoint server, CancellationToken stopping)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        bounded.CancelAfter(Lifetime);
        var cancellationToken = bounded.Token;
        var stream = client.GetStream();
        var reader = new LineReader(stream, 8 * 1024);
        await Write(stream, session, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] TLS 1.1 front of the conformance tool ready", cancellationToken);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var text = Encoding.UTF8.GetString(line).TrimEnd('\r', '\n');
            var parts = text.Split(' ', 3);
            var tag = parts[0];
            var command = parts.Length > 1 ? parts[1].ToUpperInvariant() : "";
            session.Client(command is "AUTHENTICATE" or "LOGIN" ? $"{tag} {command} <redacted>" : text, false);
            switch (command)
            {
                case "CAPABILITY":
                    await Write(stream, session, "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED", cancellationToken);
                    await Write(stream, session, $"{tag} OK CAPABILITY completed", cancellationToken);
                    break;
                case "STARTTLS":
                    session.StartTlsRequested = true;
                    await Write(stream, session, $"{tag} OK Begin TLS negotiation now", cancellationToken);
                    var injected = reader.DiscardBuffered();
                    session.InjectedAfterStartTls += injected;
                    await PipeAsync(stream, session, server, cancellationToken);
                    return;
                case "AUTHENTICATE" or "LOGIN":
                    session.Add(new AuthAttempt(session.Clock.GetUtcNow(), command, false) { Reply = "NO [PRIVACYREQUIRED]", Succeeded = false });
                    await Write(stream, session, $"{tag} NO [PRIVACYREQUIRED] Start TLS first", cancellationToken);
                    break;
                case "LOGOUT":
                    await Write(stream, session, "* BYE Logging out", cancellationToken);
                    await Write(stream, session, $"{tag} OK LOGOUT completed", cancellationToken);
                    return;
                default:
                    await Write(stream, session, $"{tag} BAD Only CAPABILITY, STARTTLS and LOGOUT before TLS", cancellationToken);
                    break;
            }
        }
    }

    private static async Task Write(NetworkStream stream, RecordedSession session, string line, CancellationToken cancellationToken)
    {
        session.Server(line, false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancellationToken);
    }

    private static async Task PipeAsync(NetworkStream client, RecordedSession session, IPEndPoint server, CancellationToken cancellationToken)
    {
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(server, cancellationToken);
        var serverStream = upstream.GetStream();
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var first = true;
        var fromClient = Records(client, serverStream, record =>
        {
            if (first)
            {
                session.Hello = ClientHelloParser.Parse(record);
                first = false;
            }

            if (record[0] == 23)
            {
                session.ApplicationDataOverOldTls += record.Length - 5;
            }
            else if (record[0] == 21)
            {
                session.Note("the client sent a TLS alert");
            }
        }, both.Token);
        var fromServer = Records(serverStream, client, record =>
        {
            // ServerHello: handshake type 2; its version follows the 4-byte handshake header.
            if (record[0] == 22 && record.Length > 10 && record[5] == 2 && session.OldTlsServerVersion is null)
            {
                session.OldTlsServerVersion = $"{record[9]}.{record[10]}" == "3.2" ? "TLS 1.1" : $"0x{record[9]:x2}{record[10]:x2}";
                session.Note($"the server answered with {session.OldTlsServerVersion}");
            }
        }, both.Token);
        await Task.WhenAny(fromClient, fromServer);
        await both.CancelAsync();
        upstream.Close();
        client.Close();
        await Task.WhenAll(Quiet(fromClient), Quiet(fromServer));
        if (session.ApplicationDataOverOldTls > 0)
        {
            session.Note($"the client accepted TLS 1.1 and sent {session.ApplicationDataOverOldTls} bytes of application data");
        }
    }

    /// <summary>Copies whole TLS records (5-byte header, body), showing each to <paramref name="inspect"/>.</summary>
    private static async Task Records(Stream from, Stream to, Action<byte[]> inspect, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        while (true)
        {
            await from.ReadExactlyAsync(header, cancellationToken);
            var length = (header[3] << 8) | header[4];
            var record = new byte[Math.Min(5 + length, MaxRecord)];
            header.CopyTo(record, 0);
            if (5 + length > MaxRecord)
            {
                throw new InvalidDataException("A TLS record longer than the protocol allows.");
            }

            await from.ReadExactlyAsync(record.AsMemory(5), cancellationToken);
            inspect(record);
            await to.WriteAsync(record, cancellationToken);
        }
    }

    private static async Task Quiet(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException or InvalidDataException or SocketException)
        {
            // One side closed: the other follows.
        }
    }
}
