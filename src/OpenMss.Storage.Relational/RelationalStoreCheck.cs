using System.Data.Common;
using System.Globalization;

namespace OpenMss.Storage.Relational;

/// <summary>
/// The store check over SQL, shared by both backends: one read snapshot, each rule a query that returns what breaks
/// it, then the blob store's own check of the bytes. It writes nothing.
/// </summary>
internal static class RelationalStoreCheck
{
    private const string FolderOf = "FROM folders f JOIN bals b ON b.id = f.bal_id";

    /// <summary>Each rule: the query that finds what breaks it, and how to say so.</summary>
    private static readonly (string Sql, Func<DbDataReader, string> Describe)[] Rules =
    [
        ($"SELECT b.address, f.name, f.uid_next, MAX(m.uid) {FolderOf} JOIN messages m ON m.folder_id = f.id GROUP BY b.address, f.name, f.uid_next HAVING MAX(m.uid) >= f.uid_next",
            r => $"{Folder(r)} holds UID {Long(r, 3)}, at or above its UIDNEXT {Long(r, 2)}."),
        ($"SELECT b.address, f.name, f.uid_next, MAX(e.uid) {FolderOf} JOIN expunged_messages e ON e.folder_id = f.id GROUP BY b.address, f.name, f.uid_next HAVING MAX(e.uid) >= f.uid_next",
            r => $"{Folder(r)} records an expunged UID {Long(r, 3)}, at or above its UIDNEXT {Long(r, 2)}."),
        ($"SELECT b.address, f.name, f.highest_modseq, MAX(m.modseq) {FolderOf} JOIN messages m ON m.folder_id = f.id GROUP BY b.address, f.name, f.highest_modseq HAVING MAX(m.modseq) > f.highest_modseq",
            r => $"{Folder(r)} holds a message at mod-sequence {Long(r, 3)}, above its HIGHESTMODSEQ {Long(r, 2)}."),
        ($"SELECT b.address, f.name, f.highest_modseq, MAX(e.modseq) {FolderOf} JOIN expunged_messages e ON e.folder_id = f.id GROUP BY b.address, f.name, f.highest_modseq HAVING MAX(e.modseq) > f.highest_modseq",
            r => $"{Folder(r)} records an expunge at mod-sequence {Long(r, 3)}, above its HIGHESTMODSEQ {Long(r, 2)}."),
        ($"SELECT b.address, f.name, m.uid {FolderOf} JOIN messages m ON m.folder_id = f.id JOIN expunged_messages e ON e.folder_id = m.folder_id AND e.uid = m.uid",
            r => $"{Folder(r)} has UID {Long(r, 2)} both present and expunged."),
        ($"SELECT b.address, f.name, m.uid, m.blob_id {FolderOf} JOIN messages m ON m.folder_id = f.id LEFT JOIN blobs x ON x.id = m.blob_id WHERE x.id IS NULL",
            r => $"{Folder(r)} UID {Long(r, 2)} refers to blob {r.GetString(3)}, which has no row."),
        ($"SELECT b.address, f.name, m.uid, m.size, x.size {FolderOf} JOIN messages m ON m.folder_id = f.id JOIN blobs x ON x.id = m.blob_id WHERE x.size <> m.size",
            r => $"{Folder(r)} UID {Long(r, 2)} records {Long(r, 3)} bytes but its blob has {Long(r, 4)}."),
        ("SELECT m.folder_id, COUNT(*) FROM messages m LEFT JOIN folders f ON f.id = m.folder_id WHERE f.id IS NULL GROUP BY m.folder_id",
            r => $"{Long(r, 1)} messages belong to folder {Long(r, 0)}, which does not exist."),
        ("SELECT f.id, f.name FROM folders f LEFT JOIN bals b ON b.id = f.bal_id WHERE b.id IS NULL",
            r => $"Folder {Long(r, 0)} ({r.GetString(1)}) belongs to no BAL."),
        ("SELECT b.address FROM bals b WHERE b.status <> 'deleted' AND NOT EXISTS (SELECT 1 FROM folders f WHERE f.bal_id = b.id AND f.name = 'INBOX')",
            r => $"The BAL {r.GetString(0)} has no INBOX."),
        ("SELECT q.id, q.blob_id FROM outbound_queue q LEFT JOIN blobs x ON x.id = q.blob_id WHERE x.id IS NULL",
            r => $"Outbound message {Long(r, 0)} refers to blob {r.GetString(1)}, which has no row."),
        ("SELECT MAX(f.uid_validity), MAX(c.value) FROM folders f, counters c WHERE c.name = 'uid_validity' HAVING MAX(f.uid_validity) > MAX(c.value)",
            r => $"A folder has UIDVALIDITY {Long(r, 0)}, above the last one issued ({Long(r, 1)}): a new folder could reuse it."),
    ];

    public static async Task<StoreCheck> RunAsync(SqlDialect dialect, RelationalBlobStore blobs, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginReadAsync(connection, cancellationToken);
        var findings = new StoreCheckFindings();
        foreach (var (sql, describe) in Rules)
        {
            foreach (var problem in await Sql.ListAsync(connection, transaction, sql, describe, cancellationToken))
            {
                findings.Problem(problem);
            }
        }

        await blobs.CheckAsync(transaction, findings, cancellationToken);
        var counts = new StoreCheckCounts(
            await CountAsync("bals"), await CountAsync("folders"), await CountAsync("messages"), await CountAsync("blobs"));
        await transaction.CommitAsync(cancellationToken);
        return findings.Build(counts);

        async Task<long> CountAsync(string table) =>
            await Sql.ScalarAsync<long>(connection, transaction, $"SELECT COUNT(*) FROM {table}", cancellationToken);
    }

    private static string Folder(DbDataReader r) => $"Folder {r.GetString(1)} of {r.GetString(0)}";

    private static long Long(DbDataReader r, int ordinal) => Convert.ToInt64(r.GetValue(ordinal), CultureInfo.InvariantCulture);
}
