using System.Globalization;
using System.Security.Cryptography;

namespace OpenMss.Xdm;

/// <summary>An archive's bounds were passed while inflating: the whole archive is refused, not one document.</summary>
internal sealed class XdmBoundsException(string message) : XdmException(message);

/// <summary>The inflated bytes read from an archive so far, against <see cref="XdmLimits.MaxTotalBytes"/>.</summary>
internal sealed class InflatedTotal(XdmLimits limits)
{
    public long Bytes { get; private set; }

    public void Add(int count, string entry)
    {
        Bytes += count;
        if (Bytes > limits.MaxTotalBytes)
        {
            throw new XdmBoundsException($"The archive inflates beyond {limits.MaxTotalBytes} bytes in all at {entry} (zip bomb): refused.");
        }
    }
}

/// <summary>
/// An archive entry as it inflates: counted against the bounds (the sizes in the ZIP directory can lie), hashed with
/// SHA-1 as it passes, and kept only when asked, so that checking a document costs a buffer, not its size.
/// </summary>
internal sealed class BoundedEntryStream(Stream inflating, string name, XdmLimits limits, InflatedTotal total, bool keep) : Stream
{
    private readonly IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    private readonly MemoryStream? _kept = keep ? new MemoryStream() : null;

    public long Inflated { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Inflated; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inflating.Read(buffer, offset, count);
        if (read > 0)
        {
            Inflated += read;
            if (Inflated > limits.MaxEntryBytes)
            {
                throw new XdmBoundsException($"The archive entry {name} inflates beyond the {limits.MaxEntryBytes} bytes accepted: refused.");
            }

            total.Add(read, name);
            _sha1.AppendData(buffer, offset, read);
            _kept?.Write(buffer, offset, read);
        }

        return read;
    }

    /// <summary>Reads what is left (the XML reader may stop before the end), then gives the size, the SHA-1 and the content when kept.</summary>
    public (long Size, string Sha1, byte[]? Content) Finish()
    {
        var buffer = new byte[81920];
        while (Read(buffer, 0, buffer.Length) > 0)
        {
        }

        var hash = string.Concat(_sha1.GetHashAndReset().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        return (Inflated, hash, _kept?.ToArray());
    }

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
            inflating.Dispose();
            _sha1.Dispose();
            _kept?.Dispose();
        }

        base.Dispose(disposing);
    }
}
