using System.Buffers;
using System.Security.Cryptography;

namespace OpenMss.Storage.Relational;

/// <summary>Copies message bytes while hashing them and enforcing the size limit: the shared half of blob staging.</summary>
public static class BlobCopy
{
    /// <returns>The blob id (SHA-256, lower-case hex) and the size in bytes.</returns>
    /// <exception cref="StoreException">TooLarge once more than <paramref name="maxSize"/> bytes were read.</exception>
    public static async Task<(string Id, long Size)> CopyAsync(Stream source, Stream destination, long maxSize, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long size = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                size += read;
                if (size > maxSize)
                {
                    throw new StoreException(StoreError.TooLarge, $"The message is larger than the {maxSize} bytes allowed.");
                }

                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
