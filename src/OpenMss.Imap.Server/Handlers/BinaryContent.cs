using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Server.Views;
using OpenMss.Mime;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>A part named by BINARY (RFC 3516 §4.2) with its transfer encoding undone, read before its FETCH line starts.</summary>
internal static class BinaryContent
{
    /// <returns>The content, or null when the path names no part.</returns>
    /// <exception cref="UnknownTransferEncodingException">The part's transfer encoding is not one this server decodes.</exception>
    public static async Task<byte[]?> LoadAsync(IImapContext session, MessageRecord record, MessageViews? views, FetchBinary binary)
    {
        // BINARY[] is the message itself: a message's own header says what its body is, so it is served as stored.
        var part = binary.Part.Count == 0 ? new PartLayout(0, 0, record.Size, [], null) : views!.Root.Resolve(binary.Part);
        if (part is null)
        {
            return null;
        }

        var bytes = new byte[part.End - part.HeaderStart];
        await using (var stream = await session.Front.Mailboxes.OpenBlobAsync(record.BlobId, part.HeaderStart, bytes.Length, session.Front.Stopping))
        {
            await stream.ReadExactlyAsync(bytes, session.Front.Stopping);
        }

        if (binary.Part.Count == 0)
        {
            return bytes;
        }

        var entity = MimeParser.Parse(bytes).Root;
        return entity.TransferEncoding is "7bit" or "8bit" or "binary" or "base64" or "quoted-printable"
            ? entity.DecodeContent()
            : throw new UnknownTransferEncodingException();
    }
}

/// <summary>RFC 3516 §4.3: a part whose transfer encoding the server cannot undo answers NO [UNKNOWN-CTE].</summary>
internal sealed class UnknownTransferEncodingException : Exception;
