using OpenMss.Imap.Server.Views;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// The stored views of the messages a FETCH names, read in one query; a message whose views are missing, of an
/// older format or damaged is parsed once and its views saved, so the next FETCH finds them.
/// </summary>
internal static class StoredViews
{
    public static async Task<Dictionary<uint, MessageViews>> LoadAsync(IImapContext session, long folderId, IReadOnlyDictionary<uint, MessageRecord> records, bool needsLayout)
    {
        var mailboxes = session.Front.Mailboxes;
        var stored = await mailboxes.GetMessageViewsAsync(folderId, ImapValues.ToUidSet(records.Keys), session.Front.Stopping);
        var views = new Dictionary<uint, MessageViews>(records.Count);
        foreach (var record in records.Values)
        {
            var found = stored.TryGetValue(record.Uid, out var bytes) ? Usable(bytes, record.Size, needsLayout) : null;
            if (found is null)
            {
                var message = await StoredMessages.LoadAsync(session, record.BlobId, record.Size);
                bytes = MessageViews.Build(message);
                await mailboxes.SaveBlobViewsAsync(record.BlobId, bytes, session.Front.Stopping);
                found = MessageViews.Read(bytes, record.Size)!;
            }

            views[record.Uid] = found;
        }

        return views;
    }

    private static MessageViews? Usable(byte[] bytes, long size, bool needsLayout)
    {
        var views = MessageViews.Read(bytes, size);
        if (views is null || !needsLayout)
        {
            return views;
        }

        try
        {
            _ = views.Root;
            return views;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
