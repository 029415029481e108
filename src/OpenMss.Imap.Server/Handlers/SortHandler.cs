using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Server.Sorting;

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
        foreach (var candidate in found)
        {
            var headers = !needHeaders ? null : candidate.Content?.Headers ?? await StoredMessages.LoadHeaderAsync(session, candidate.Record.BlobId, candidate.Record.Size);
            keys.Add(SortKeys.Of(candidate, headers));
        }

        keys.Sort(SortKeys.Comparer(sort.Order));
        var numbers = keys.Select(k => sort.Uid ? k.Uid : (uint)k.Sequence);
        await session.WriteAsync("* SORT" + string.Concat(numbers.Select(n => " " + n)) + SearchMatches.ModSeqSuffix(modSeq) + "\r\n");
        await session.SyncAsync(allowExpunge: sort.Uid);
        await session.OkAsync(sort.Tag, $"{sort.Name} completed.");
    }
}
