using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;

namespace OpenMss.Net;

/// <summary>
/// A connection whose two ends live in this process: the server's <see cref="ConnectionContext"/> and the client's
/// <see cref="Stream"/>, over two pipes. A session runs on it exactly as on a socket (STARTTLS included), so protocol
/// transcripts replay without a listener or a port.
/// </summary>
public sealed class InMemoryConnection : IAsyncDisposable
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();

    public InMemoryConnection(string connectionId, IPEndPoint? remote = null)
    {
        Server = new DefaultConnectionContext(connectionId, new Duplex(_toServer.Reader, _toClient.Writer), new Duplex(_toClient.Reader, _toServer.Writer))
        {
            RemoteEndPoint = remote ?? new IPEndPoint(IPAddress.Loopback, 50000),
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 143),
        };
        Client = new ClientStream(_toClient.Reader, _toServer.Writer);
    }

    public ConnectionContext Server { get; }

    /// <summary>The client's end; disposing it is the client closing the connection.</summary>
    public Stream Client { get; }

    /// <summary>Runs a session on the server's end, then closes that end, as a listener does when its handler returns.</summary>
    public Task RunAsync(Func<ConnectionContext, Task> session) => Task.Run(async () =>
    {
        try
        {
            await session(Server);
        }
        finally
        {
            await _toClient.Writer.CompleteAsync();
            await _toServer.Reader.CompleteAsync();
        }
    });

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>The client's stream: completes its pipes when disposed, so the server reads the end of input.</summary>
    private sealed class ClientStream(PipeReader input, PipeWriter output) : Stream
    {
        private readonly DuplexPipeStream _inner = new(input, output);

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

        public override void Flush() => throw new NotSupportedException("Synchronous I/O is not used on connections.");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Synchronous I/O is not used on connections.");

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Synchronous I/O is not used on connections.");

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            await output.CompleteAsync();
            await input.CompleteAsync();
            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                output.Complete();
                input.Complete();
            }

            base.Dispose(disposing);
        }
    }
}
