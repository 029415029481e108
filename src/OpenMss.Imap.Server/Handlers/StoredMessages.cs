using OpenMss.Mime;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>A stored message read whole and parsed (SEARCH on text, FETCH of structure or sections).</summary>
internal static class StoredMessages
{
    public static async Task<MimeMessage> LoadAsync(IImapContext session, string blobId, long size)
    {
        await using var blob = await session.Front.Mailboxes.OpenBlobAsync(blobId, session.Front.Stopping);
        var bytes = new byte[size];
        await blob.ReadExactlyAsync(bytes, session.Front.Stopping);
        return MimeParser.Parse(bytes);
    }
}
