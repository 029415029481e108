using OpenMss.Mime;
using OpenMss.Mime.Headers;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>A stored message read whole and parsed (SEARCH on text, FETCH of structure or sections), or its header alone (SORT).</summary>
internal static class StoredMessages
{
    private const int HeaderChunk = 8 * 1024;

    public static async Task<MimeMessage> LoadAsync(IImapContext session, string blobId, long size)
    {
        await using var blob = await session.Front.Mailboxes.OpenBlobAsync(blobId, session.Front.Stopping);
        var bytes = new byte[size];
        await blob.ReadExactlyAsync(bytes, session.Front.Stopping);
        return MimeParser.Parse(bytes);
    }

    /// <summary>The most <see cref="LoadHeaderAsync"/> reads of a message of <paramref name="size"/> bytes.</summary>
    public static int HeaderReadSize(long size) => (int)Math.Min(size, MimeLimits.Default.MaxHeaderBytes);

    /// <summary>
    /// The top-level header fields, read up to the empty line that ends them and no further than the parser would
    /// keep (<see cref="MimeLimits.MaxHeaderBytes"/>).
    /// </summary>
    public static async Task<HeaderList> LoadHeaderAsync(IImapContext session, string blobId, long size)
    {
        await using var blob = await session.Front.Mailboxes.OpenBlobAsync(blobId, session.Front.Stopping);
        var limit = HeaderReadSize(size);
        var buffer = new byte[Math.Min(limit, HeaderChunk)];
        var length = 0;
        while (length < limit)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(limit, buffer.Length * 2));
            }

            var read = await blob.ReadAsync(buffer.AsMemory(length), session.Front.Stopping);
            if (read == 0)
            {
                break;
            }

            var searchFrom = Math.Max(0, length - 3);
            length += read;
            if (buffer.AsSpan(searchFrom, length - searchFrom).IndexOf("\n\r\n"u8) >= 0 || buffer.AsSpan(searchFrom, length - searchFrom).IndexOf("\n\n"u8) >= 0)
            {
                break;
            }
        }

        return MimeParser.Parse(buffer.AsMemory(0, length)).Headers;
    }
}
