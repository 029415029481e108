using System.Data.Common;
using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

/// <summary>Reading and creating folder rows, shared by BAL creation and folder creation.</summary>
internal static class FolderRows
{
    public const string Columns = "id, bal_id, name, uid_validity, uid_next, highest_modseq, special_use, subscribed";

    public const int MaxNameLength = 1024;

    public static Folder Read(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetString(2),
        (uint)r.GetInt64(3),
        (uint)r.GetInt64(4),
        (ulong)r.GetInt64(5),
        Names.ToSpecialUse(r.IsDBNull(6) ? null : r.GetString(6)),
        r.GetBoolean(7));

    public static void ValidateName(string name)
    {
        if (name.Length == 0 || name.Length > MaxNameLength || name.Any(char.IsControl) ||
            name.StartsWith(Folder.HierarchyDelimiter) || name.EndsWith(Folder.HierarchyDelimiter) ||
            name.Contains($"{Folder.HierarchyDelimiter}{Folder.HierarchyDelimiter}", StringComparison.Ordinal))
        {
            throw new StoreException(StoreError.Invalid, $"'{name}' is not a valid folder name.");
        }
    }

    /// <summary>
    /// Inserts a folder with a fresh UIDVALIDITY: the current time in seconds, or one more than the last given, so
    /// that a folder deleted and created again under the same name never reuses a UIDVALIDITY (RFC 3501 §2.3.1.1).
    /// </summary>
    public static async Task<Folder> InsertAsync(SqlDialect dialect, DbTransaction transaction, long balId, NewFolder folder, CancellationToken cancellationToken)
    {
        ValidateName(folder.Name);
        var connection = transaction.Connection!;
        var uidValidity = await Sql.ScalarAsync<long>(
            connection,
            transaction,
            $"UPDATE counters SET value = {dialect.Greatest("value + 1", "@now")} WHERE name = 'uid_validity' RETURNING value",
            cancellationToken,
            ("@now", DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        try
        {
            var rows = await Sql.ListAsync(
                connection,
                transaction,
                $"INSERT INTO folders (bal_id, name, uid_validity, uid_next, highest_modseq, special_use, subscribed) VALUES (@b, @n, @v, 1, 1, @u, @s) RETURNING {Columns}",
                Read,
                cancellationToken,
                ("@b", balId),
                ("@n", folder.Name),
                ("@v", uidValidity),
                ("@u", Names.Of(folder.SpecialUse)),
                ("@s", folder.Subscribed));
            return rows[0];
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            throw new StoreException(StoreError.AlreadyExists, $"The folder {folder.Name} exists already.", e);
        }
    }
}
