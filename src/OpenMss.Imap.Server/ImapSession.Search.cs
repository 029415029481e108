using OpenMss.Imap.Protocol.Commands;
using OpenMss.Mime;

namespace OpenMss.Imap.Server;

/// <summary>SEARCH and UID SEARCH (RFC 3501 §6.4.4): numbers or UIDs of the matching messages, ascending.</summary>
internal sealed partial class ImapSession
{
    private async Task SearchAsync(SearchCommand search)
    {
        var view = _selected!;
        var records = view.Count == 0 ? [] : await _front.Mailboxes.FetchAsync(view.Folder.Id, ToUidSet(view.Uids), _front.Stopping);
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

            var candidate = new SearchCandidate(i + 1, record, needsContent ? await LoadMessageAsync(record.BlobId, record.Size) : null);
            if (SearchEvaluator.Matches(search.Criteria, candidate, largest, (uint)view.Count))
            {
                hits.Add(search.Uid ? uid : (uint)(i + 1));
            }
        }

        await WriteAsync("* SEARCH" + string.Concat(hits.Select(h => " " + h)) + "\r\n");
        await SyncAsync(allowExpunge: search.Uid);
        await OkAsync(search.Tag, $"{search.Name} completed.");
    }

    private async Task<MimeMessage> LoadMessageAsync(string blobId, long size)
    {
        await using var blob = await _front.Mailboxes.OpenBlobAsync(blobId, _front.Stopping);
        var bytes = new byte[size];
        await blob.ReadExactlyAsync(bytes, _front.Stopping);
        return MimeParser.Parse(bytes);
    }
}
