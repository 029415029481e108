using System.Data.Common;
using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

/// <summary>Reading message rows, and turning UID sets into SQL.</summary>
internal static class MessageRows
{
    public const string Columns = "uid, modseq, flags, keywords, internal_date, size, blob_id";

    /// <summary>Beyond this many ranges the query uses the bounding range and the caller filters.</summary>
    private const int MaxRangesInSql = 32;

    public static MessageRecord Read(SqlDialect dialect, DbDataReader r) => new(
        (uint)r.GetInt64(0),
        (ulong)r.GetInt64(1),
        FlagSet.FromStored(r.GetInt64(2), r.GetString(3)),
        dialect.ReadTime(r, 4),
        r.GetInt64(5),
        r.GetString(6));

    /// <summary>A condition on <paramref name="column"/> that every UID of the set satisfies; filter with <see cref="UidSet.Contains"/>.</summary>
    public static (string Condition, (string, object?)[] Parameters) Condition(UidSet set, string column = "uid")
    {
        if (set.Ranges.Count == 0)
        {
            return ("1 = 0", []);
        }

        IReadOnlyList<UidRange> ranges = set.Ranges.Count <= MaxRangesInSql
            ? set.Ranges
            : [new UidRange(set.Ranges.Min(r => r.First), set.Ranges.Max(r => r.Last))];
        var parts = new List<string>();
        var parameters = new List<(string, object?)>();
        for (var i = 0; i < ranges.Count; i++)
        {
            parts.Add($"{column} BETWEEN @lo{i} AND @hi{i}");
            parameters.Add(($"@lo{i}", (long)ranges[i].First));
            parameters.Add(($"@hi{i}", (long)ranges[i].Last));
        }

        return ($"({string.Join(" OR ", parts)})", [.. parameters]);
    }

    public static async Task<List<MessageRecord>> SelectAsync(SqlDialect dialect, DbTransaction? transaction, DbConnection connection, long folderId, UidSet uids, CancellationToken cancellationToken)
    {
        var (condition, parameters) = Condition(uids);
        var rows = await Sql.ListAsync(
            connection,
            transaction,
            $"SELECT {Columns} FROM messages WHERE folder_id = @f AND {condition} ORDER BY uid",
            r => Read(dialect, r),
            cancellationToken,
            [("@f", folderId), .. parameters]);
        rows.RemoveAll(m => !uids.Contains(m.Uid));
        return rows;
    }
}
