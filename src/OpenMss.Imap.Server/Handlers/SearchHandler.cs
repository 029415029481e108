using OpenMss.Imap.Protocol.Commands;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// SEARCH and UID SEARCH (RFC 3501 §6.4.4), evaluated over the selected view.
/// </summary>
internal static class SearchHandler
{
    public static async Task HandleAsync(IImapContext session, SelectedMailbox view, SearchCommand search)
    {
        var records = view.Count == 0 ? [] : await session.Front.Mailboxes.FetchAsync(view.Folder.Id, ImapValues.ToUidSet(view.Uids), session.Front.Stopping);
        var byUid = records.ToDictionary(r => r.Uid);
        var needsContent = SearchEvaluator.NeedsContent(search.Criteria);
        var largest = view.Count == 0 ? 0 : view.Uids[^1];
        var hits = new List<uint>();
        for (var i = 0; i < view.Count; i++)
        {
            var uid = view.Uids[i];
            if (!byUid.TryGetValue(uid, out var record))
            {
                continue;
            }

            var candidate = new SearchCandidate(i + 1, record, needsContent ? await StoredMessages.LoadAsync(session, record.BlobId, record.Size) : null);
            if (SearchEvaluator.Matches(search.Criteria, candidate, largest, (uint)view.Count))
            {
                hits.Add(search.Uid ? uid : (uint)(i + 1));
            }
        }

        await session.WriteAsync("* SEARCH" + string.Concat(hits.Select(h => " " + h)) + "\r\n");
        await session.SyncAsync(allowExpunge: search.Uid);
        await session.OkAsync(search.Tag, $"{search.Name} completed.");
    }
}
