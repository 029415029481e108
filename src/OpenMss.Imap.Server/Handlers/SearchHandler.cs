using OpenMss.Imap.Protocol.Commands;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// SEARCH and UID SEARCH (RFC 3501 §6.4.4), evaluated over the selected view; with RETURN, answered by one ESEARCH
/// response (RFC 4731). A search with MODSEQ (RFC 7162 §3.1.5) ends its answer with the highest modseq of the
/// messages found. Under IMAP4rev2 every answer is an ESEARCH (RFC 9051 §6.4.4), and RECENT, NEW and OLD are not keys.
/// </summary>
internal static class SearchHandler
{
    public static async Task HandleAsync(IImapContext session, SelectedMailbox view, SearchCommand search)
    {
        if (session.Enabled.Rev2 && UsesRecent(search.Criteria))
        {
            await session.BadAsync(search.Tag, null, "RECENT, NEW and OLD are not IMAP4rev2 search keys (RFC 9051 Appendix E).");
            return;
        }

        if (session.Enabled.Rev2 && search.Return is null)
        {
            search = search with { Return = new HashSet<SearchReturn> { SearchReturn.All } };
        }

        var (found, modSeq) = await SearchMatches.FindAsync(session, view, search.Criteria);
        var hits = found.Select(c => search.Uid ? c.Record.Uid : (uint)c.Sequence).ToList();
        await session.WriteAsync(search.Return is { } returns
            ? ExtendedResult(search, returns, hits, modSeq)
            : "* SEARCH" + string.Concat(hits.Select(h => " " + h)) + SearchMatches.ModSeqSuffix(modSeq) + "\r\n");
        await session.SyncAsync(allowExpunge: search.Uid);
        await session.OkAsync(search.Tag, $"{search.Name} completed.");
    }

    /// <summary>
    /// <c>* ESEARCH (TAG "t") [UID] MIN n MAX n COUNT n ALL set</c> (RFC 4731 §3.1): what was asked for, MIN, MAX and
    /// ALL left out when nothing matched, the set in ranges.
    /// </summary>
    private static bool UsesRecent(SearchKey key) => key.Kind is "RECENT" or "NEW" or "OLD" || key.Operands.Any(UsesRecent);

    private static string ExtendedResult(SearchCommand search, IReadOnlySet<SearchReturn> returns, List<uint> hits, ulong? modSeq)
    {
        // A tag holds no quote or backslash (RFC 3501 §9: ASTRING-CHAR), so it is quoted as it is.
        var line = new System.Text.StringBuilder($"* ESEARCH (TAG \"{search.Tag}\")");
        if (search.Uid)
        {
            line.Append(" UID");
        }

        if (hits.Count > 0 && returns.Contains(SearchReturn.Min))
        {
            line.Append(" MIN ").Append(hits[0]);
        }

        if (hits.Count > 0 && returns.Contains(SearchReturn.Max))
        {
            line.Append(" MAX ").Append(hits[^1]);
        }

        if (returns.Contains(SearchReturn.Count))
        {
            line.Append(" COUNT ").Append(hits.Count);
        }

        if (hits.Count > 0 && returns.Contains(SearchReturn.All))
        {
            line.Append(" ALL ").Append(ImapValues.ToUidSet(hits)); // a set of numbers in ranges: 2,10:11
        }

        if (modSeq is { } highest)
        {
            line.Append(" MODSEQ ").Append(highest); // RFC 7162 §3.1.5 with RFC 4731
        }

        return line.Append("\r\n").ToString();
    }
}
