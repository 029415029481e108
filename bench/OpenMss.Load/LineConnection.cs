using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace OpenMss.Load;

/// <summary>
/// A client connection for line protocols: CRLF lines, literals read as counted bytes, and STARTTLS in place.
/// Every read and write is bounded by the operation timeout.
/// </summary>
internal sealed class LineConnection : IAsyncDisposable
{
    private const int MaxLine = 64 * 1024;
    private readonly Socket _socket;
    private readonly TimeSpan _timeout;
    private readonly byte[] _buffer = new byte[MaxLine];
    private Stream _stream;
    private int _start;
    private int _end;

    private LineConnection(Socket socket, TimeSpan timeout)
    {
        _socket = socket;
        _timeout = timeout;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    public static async Task<LineConnection> OpenAsync(IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var limit = Limit(timeout, cancellationToken);
            await socket.ConnectAsync(server, limit.Token);
            return new LineConnection(socket, timeout);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new LoadException(ErrorKind.Connect, e.Message);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Bytes received so far, for throughput of reads.</summary>
    public long BytesRead { get; private set; }

    public async Task StartTlsAsync(SslClientAuthenticationOptions options, CancellationToken cancellationToken)
    {
        if (_start != _end)
        {
            throw new LoadException(ErrorKind.Protocol, "The server sent bytes after its STARTTLS answer, before the handshake.");
        }

        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        try
        {
            using var limit = Limit(_timeout, cancellationToken);
            await tls.AuthenticateAsClientAsync(options, limit.Token);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            await tls.DisposeAsync();
            throw new LoadException(ErrorKind.Tls, e.Message);
        }

        _stream = tls;
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        using var limit = Limit(_timeout, cancellationToken);
        await Guard(async () =>
        {
            await _stream.WriteAsync(bytes, limit.Token);
            await _stream.FlushAsync(limit.Token);
            return 0;
        }, cancellationToken);
    }

    public Task WriteLineAsync(string line, CancellationToken cancellationToken) =>
        WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), cancellationToken);

    /// <summary>The next line without its CRLF.</summary>
    public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        using var limit = Limit(_timeout, cancellationToken);
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                var line = Encoding.UTF8.GetString(_buffer, _start, length > 0 && _buffer[newline - 1] == '\r' ? length - 1 : length);
                _start = newline + 1;
                return line;
            }

            if (_start == 0 && _end == _buffer.Length)
            {
                throw new LoadException(ErrorKind.Protocol, $"The server sent a line longer than {MaxLine} bytes.");
            }

            await FillAsync(limit.Token, cancellationToken);
        }
    }

    /// <summary>Reads and drops <paramref name="count"/> bytes (a literal's content).</summary>
    public async Task SkipAsync(long count, CancellationToken cancellationToken)
    {
        using var limit = Limit(_timeout, cancellationToken);
        while (count > 0)
        {
            if (_start == _end)
            {
                await FillAsync(limit.Token, cancellationToken);
            }

            var taken = (int)Math.Min(count, _end - _start);
            _start += taken;
            count -= taken;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private async Task FillAsync(CancellationToken limit, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await Guard(() => _stream.ReadAsync(_buffer.AsMemory(_end), limit).AsTask(), cancellationToken);
        if (read == 0)
        {
            throw new LoadException(ErrorKind.Closed, "The server closed the connection.");
        }

        _end += read;
        BytesRead += read;
    }

    /// <summary>Turns transport failures into the error kinds the report counts.</summary>
    private static async Task<T> Guard<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LoadException(ErrorKind.Timeout, "The server did not answer in time.");
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw new LoadException(ErrorKind.Closed, e.Message);
        }
    }

    private static CancellationTokenSource Limit(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        return limit;
    }
}
