using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Server.Sorting;
using OpenMss.Mime.Headers;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// SORT and UID SORT (RFC 5256 §3): the messages SEARCH would find, ordered by the sort keys, answered by one
/// <c>* SORT</c> response (with RFC 7162 §3.1.5's MODSEQ when the criteria use it).
/// </summary>
internal static class SortHandler
{
    public static async Task HandleAsync(IImapContext session, SelectedMailbox view, SortCommand sort)
    {
        var (found, modSeq) = await SearchMatches.FindAsync(session, view, sort.Criteria);
        var needHeaders = SortKeys.NeedHeaders(sort.Order);
        var keys = new List<SortKeys>(found.Count);
        if (!needHeaders)
        {
            keys.AddRange(found.Select(candidate => SortKeys.Of(candidate, null)));
        }
        else
        {
            // The search may have read the header fields already; otherwise each header block is read, a few ahead.
            static HeaderList? Read(SearchCandidate c) => c.HeaderFields ?? c.Content?.Headers;
            await foreach (var (candidate, headers) in ReadAhead.InOrderAsync(
                found,
                c => Read(c) is null ? StoredMessages.HeaderReadSize(c.Record.Size) : 0,
                c => Read(c) is { } read ? Task.FromResult(read) : StoredMessages.LoadHeaderAsync(session, c.Record.BlobId, c.Record.Size)))
            {
                keys.Add(SortKeys.Of(candidate, headers));
            }
        }

        keys.Sort(SortKeys.Comparer(sort.Order));
        var numbers = keys.Select(k => sort.Uid ? k.Uid : (uint)k.Sequence);
        await session.WriteAsync("* SORT" + string.Concat(numbers.Select(n => " " + n)) + SearchMatches.ModSeqSuffix(modSeq) + "\r\n");
        await session.SyncAsync(allowExpunge: sort.Uid);
        await session.OkAsync(sort.Tag, $"{sort.Name} completed.");
    }
}
