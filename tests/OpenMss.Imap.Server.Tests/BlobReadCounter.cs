using System.Reflection;
using OpenMss.Storage;

namespace OpenMss.Imap.Server.Tests;

/// <summary>The store as the front sees it, counting the message bytes read through <c>OpenBlobAsync</c>.</summary>
public class BlobReadCounter : DispatchProxy
{
    private IMailboxStore _inner = null!;
    private long _bytesRead;

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public static (IMailboxStore Store, BlobReadCounter Counter) Wrap(IMailboxStore inner)
    {
        var store = Create<IMailboxStore, BlobReadCounter>();
        var counter = (BlobReadCounter)(object)store;
        counter._inner = inner;
        return (store, counter);
    }

    public void Reset() => Interlocked.Exchange(ref _bytesRead, 0);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var result = targetMethod!.Invoke(_inner, args);
        return targetMethod.Name == nameof(IMailboxStore.OpenBlobAsync) ? CountingAsync((Task<Stream>)result!) : result;
    }

    private async Task<Stream> CountingAsync(Task<Stream> opening) => new CountingStream(await opening, this);

    private sealed class CountingStream(Stream inner, BlobReadCounter counter) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Counted(int read)
        {
            Interlocked.Add(ref counter._bytesRead, read);
            return read;
        }
    }
}
