using OpenMss.Imap.Protocol.Commands;
using OpenMss.Mime;
using OpenMss.Mime.Headers;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>The messages of the selected view that search criteria find (SEARCH and SORT), in view order.</summary>
internal static class SearchMatches
{
    /// <returns>The candidates found, and the highest modseq among them when the criteria use MODSEQ (RFC 7162 §3.1.5).</returns>
    public static async Task<(List<SearchCandidate> Found, ulong? ModSeq)> FindAsync(IImapContext session, SelectedMailbox view, SearchKey criteria)
    {
        var records = view.Count == 0 ? [] : await session.Front.Mailboxes.FetchAsync(view.Folder.Id, ImapValues.ToUidSet(view.Uids), session.Front.Stopping);
        var byUid = records.ToDictionary(r => r.Uid);
        var needs = SearchEvaluator.Needs(criteria);
        var largest = view.Count == 0 ? 0 : view.Uids[^1];
        var byModSeq = UsesModSeq(criteria);
        if (byModSeq)
        {
            session.Enabled.EnableCondStore();
        }

        var found = new List<SearchCandidate>();
        ulong highest = 0;
        void Consider(int index, MessageRecord record, HeaderList? headers, MimeMessage? content)
        {
            var candidate = new SearchCandidate(index + 1, record, headers, content, view.IsRecent(record.Uid));
            if (SearchEvaluator.Matches(criteria, candidate, largest, (uint)view.Count))
            {
                found.Add(candidate);
                highest = Math.Max(highest, record.ModSeq);
            }
        }

        var present = new List<(int Index, MessageRecord Record)>(view.Count);
        for (var i = 0; i < view.Count; i++)
        {
            if (byUid.TryGetValue(view.Uids[i], out var record))
            {
                present.Add((i, record));
            }
        }

        switch (needs)
        {
            case SearchContent.None:
                foreach (var (index, record) in present)
                {
                    Consider(index, record, null, null);
                }

                break;
            case SearchContent.Header:
                await foreach (var ((index, record), headers) in ReadAhead.InOrderAsync(present, p => StoredMessages.HeaderReadSize(p.Record.Size), p => StoredMessages.LoadHeaderAsync(session, p.Record.BlobId, p.Record.Size)))
                {
                    Consider(index, record, headers, null);
                }

                break;
            default:
                await foreach (var ((index, record), content) in ReadAhead.InOrderAsync(present, p => p.Record.Size, p => StoredMessages.LoadAsync(session, p.Record.BlobId, p.Record.Size)))
                {
                    Consider(index, record, null, content);
                }

                break;
        }

        return (found, byModSeq && found.Count > 0 ? highest : null);
    }

    /// <summary>" (MODSEQ n)" after a SEARCH or SORT answer's numbers, when the criteria used MODSEQ.</summary>
    public static string ModSeqSuffix(ulong? modSeq) => modSeq is { } m ? $" (MODSEQ {m})" : "";

    private static bool UsesModSeq(SearchKey key) => key.Kind == "MODSEQ" || key.Operands.Any(UsesModSeq);
}
