using System.Data.Common;
using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

/// <summary>
/// Folders and messages over SQL. Every write locks the folder rows it changes (in folder id order, so two
/// writers never deadlock), reads UIDNEXT and HIGHESTMODSEQ under the lock, and writes them back in the same
/// transaction: UIDs are unique and increasing whatever the concurrency.
/// </summary>
internal sealed class RelationalMailboxStore(SqlDialect dialect, RelationalBlobStore blobs, GroupCommitter committer) : IMailboxStore
{
    public async Task<IReadOnlyList<Folder>> ListFoldersAsync(long balId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(connection, null, $"SELECT {FolderRows.Columns} FROM folders WHERE bal_id = @b ORDER BY name", FolderRows.Read, cancellationToken, ("@b", balId));
    }

    public async Task<Folder?> FindFolderAsync(long balId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var rows = await Sql.ListAsync(connection, null, $"SELECT {FolderRows.Columns} FROM folders WHERE bal_id = @b AND name = @n", FolderRows.Read, cancellationToken, ("@b", balId), ("@n", name));
        return rows.SingleOrDefault();
    }

    public async Task<Folder?> GetFolderAsync(long folderId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var rows = await Sql.ListAsync(connection, null, $"SELECT {FolderRows.Columns} FROM folders WHERE id = @f", FolderRows.Read, cancellationToken, ("@f", folderId));
        return rows.SingleOrDefault();
    }

    public async Task<Folder> CreateFolderAsync(long balId, NewFolder folder, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        if (await Sql.ScalarAsync<long?>(connection, transaction, "SELECT 1 FROM bals WHERE id = @b", cancellationToken, ("@b", balId)) is null)
        {
            throw new StoreException(StoreError.NotFound, $"There is no BAL with id {balId}.");
        }

        var created = await FolderRows.InsertAsync(dialect, transaction, balId, folder, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    public async Task RenameFolderAsync(long balId, string oldName, string newName, CancellationToken cancellationToken)
    {
        FolderRows.ValidateName(newName);
        var prefix = oldName + Folder.HierarchyDelimiter;
        if (newName.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new StoreException(StoreError.Invalid, $"The folder {oldName} cannot be moved below itself.");
        }

        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var affected = await Sql.ListAsync(
            connection,
            transaction,
            $"SELECT id, name FROM folders WHERE bal_id = @b AND (name = @n OR substr(name, 1, {prefix.Length}) = @p) ORDER BY id {dialect.ForUpdate}",
            r => (Id: r.GetInt64(0), Name: r.GetString(1)),
            cancellationToken,
            ("@b", balId),
            ("@n", oldName),
            ("@p", prefix));
        if (!affected.Any(f => f.Name == oldName))
        {
            throw new StoreException(StoreError.NotFound, $"There is no folder {oldName}.");
        }

        foreach (var (id, name) in affected)
        {
            var renamed = newName + name[oldName.Length..];
            try
            {
                await Sql.ExecuteAsync(transaction, "UPDATE folders SET name = @n WHERE id = @f", cancellationToken, ("@n", renamed), ("@f", id));
            }
            catch (DbException e) when (dialect.IsUniqueViolation(e))
            {
                throw new StoreException(StoreError.AlreadyExists, $"The folder {renamed} exists already.", e);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DeleteFolderAsync(long balId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var id = await Sql.ScalarAsync<long?>(connection, transaction, "DELETE FROM folders WHERE bal_id = @b AND name = @n RETURNING id", cancellationToken, ("@b", balId), ("@n", name))
            ?? throw new StoreException(StoreError.NotFound, $"There is no folder {name}.");
        await dialect.CommitAsync(transaction, [new FolderChange(id, 0)], cancellationToken);
    }

    public async Task SetSubscribedAsync(long balId, string name, bool subscribed, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var changed = await Sql.ExecuteAsync(transaction, "UPDATE folders SET subscribed = @s WHERE bal_id = @b AND name = @n", cancellationToken, ("@s", subscribed), ("@b", balId), ("@n", name));
        if (changed == 0)
        {
            throw new StoreException(StoreError.NotFound, $"There is no folder {name}.");
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<AppendResult> AppendAsync(long folderId, Stream content, FlagSet flags, DateTimeOffset internalDate, long maxSize, CancellationToken cancellationToken)
    {
        using var timer = StoreTelemetry.Commit("append");
        // The bytes are staged before the transaction, so the lock is held only for the row writes.
        var blob = await blobs.StageAsync(content, maxSize, cancellationToken);
        try
        {
            return await committer.CommitAsync([blob], (transaction, token) => WriteAppendAsync(transaction, folderId, blob, flags, internalDate, token));
        }
        finally
        {
            blobs.Release(blob);
        }
    }

    private async Task<(AppendResult, IReadOnlyCollection<FolderChange>)> WriteAppendAsync(
        DbTransaction transaction, long folderId, StagedBlob blob, FlagSet flags, DateTimeOffset internalDate, CancellationToken cancellationToken)
    {
        var folder = (await LockFoldersAsync(transaction, [folderId], cancellationToken))[folderId];
        var uid = folder.TakeUid();
        var modSeq = folder.NextModSeq();
        var batch = new SqlBatch();
        blobs.Save(batch, blob, DateTimeOffset.UtcNow);
        InsertMessage(batch, folderId, new MessageRecord(uid, modSeq, flags, internalDate, blob.Size, blob.Id));
        folder.Save(batch);
        await batch.ExecuteAsync(transaction, cancellationToken);
        return (new AppendResult(folder.UidValidity, uid, modSeq, blob.Id), [new FolderChange(folderId, modSeq)]);
    }

    public Task<CopyResult> CopyAsync(long sourceFolderId, UidSet uids, long targetFolderId, CancellationToken cancellationToken) =>
        CopyOrMoveAsync(sourceFolderId, uids, targetFolderId, move: false, cancellationToken);

    public Task<CopyResult> MoveAsync(long sourceFolderId, UidSet uids, long targetFolderId, CancellationToken cancellationToken) =>
        CopyOrMoveAsync(sourceFolderId, uids, targetFolderId, move: true, cancellationToken);

    public async Task<IReadOnlyList<uint>> ExpungeAsync(long folderId, UidSet? uids, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var folder = (await LockFoldersAsync(transaction, [folderId], cancellationToken))[folderId];
        var candidates = await MessageRows.SelectAsync(dialect, transaction, connection, folderId, uids ?? UidSet.All, cancellationToken);
        var doomed = candidates.Where(m => m.Flags.Has(MessageFlags.Deleted)).Select(m => m.Uid).ToList();
        if (doomed.Count > 0)
        {
            var modSeq = folder.NextModSeq();
            await RemoveMessagesAsync(transaction, folderId, doomed, modSeq, cancellationToken);
            await folder.SaveAsync(transaction, cancellationToken);
            await dialect.CommitAsync(transaction, [new FolderChange(folderId, modSeq)], cancellationToken);
        }

        return doomed;
    }

    public async Task<StoreFlagsResult> StoreFlagsAsync(long folderId, UidSet uids, FlagChangeMode mode, FlagSet flags, ulong? unchangedSince, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var folder = (await LockFoldersAsync(transaction, [folderId], cancellationToken))[folderId];
        var messages = await MessageRows.SelectAsync(dialect, transaction, connection, folderId, uids, cancellationToken);
        var conflicts = messages.Where(m => m.ModSeq > unchangedSince).Select(m => m.Uid).ToList();
        var changes = messages
            .Where(m => !(m.ModSeq > unchangedSince))
            .Select(m => (m.Uid, Flags: m.Flags.Apply(mode, flags), Old: m.Flags))
            .Where(c => !c.Flags.Equals(c.Old))
            .ToList();
        if (changes.Count == 0)
        {
            return new StoreFlagsResult([], conflicts);
        }

        // One modseq for the whole operation, as RFC 7162 allows.
        var modSeq = folder.NextModSeq();
        foreach (var (uid, newFlags, _) in changes)
        {
            await Sql.ExecuteAsync(
                transaction,
                "UPDATE messages SET flags = @fl, keywords = @k, modseq = @m WHERE folder_id = @f AND uid = @u",
                cancellationToken,
                ("@fl", (long)newFlags.System),
                ("@k", newFlags.KeywordsText),
                ("@m", (long)modSeq),
                ("@f", folderId),
                ("@u", (long)uid));
        }

        await folder.SaveAsync(transaction, cancellationToken);
        await dialect.CommitAsync(transaction, [new FolderChange(folderId, modSeq)], cancellationToken);
        return new StoreFlagsResult([.. changes.Select(c => new FlagUpdate(c.Uid, c.Flags, modSeq))], conflicts);
    }

    public async Task<IReadOnlyList<MessageRecord>> FetchAsync(long folderId, UidSet uids, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginReadAsync(connection, cancellationToken);
        await RequireFolderAsync(transaction, folderId, cancellationToken);
        return await MessageRows.SelectAsync(dialect, transaction, connection, folderId, uids, cancellationToken);
    }

    public async Task<FolderStatus> GetStatusAsync(long folderId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginReadAsync(connection, cancellationToken);
        var folder = await RequireFolderAsync(transaction, folderId, cancellationToken);
        var counts = await Sql.ListAsync(
            connection,
            transaction,
            $"SELECT COUNT(*), COALESCE(SUM(CASE WHEN (flags & {(int)MessageFlags.Seen}) = 0 THEN 1 ELSE 0 END), 0), " +
            $"COALESCE(SUM(CASE WHEN (flags & {(int)MessageFlags.Deleted}) <> 0 THEN 1 ELSE 0 END), 0), COALESCE(SUM(size), 0), " +
            "COALESCE(SUM(CASE WHEN uid > (SELECT recent_floor FROM folders WHERE id = @f) THEN 1 ELSE 0 END), 0), " +
            $"COALESCE(SUM(CASE WHEN (flags & {(int)MessageFlags.Deleted}) <> 0 THEN size ELSE 0 END), 0) FROM messages WHERE folder_id = @f",
            r => (Messages: r.GetInt64(0), Unseen: r.GetInt64(1), Deleted: r.GetInt64(2), Size: r.GetInt64(3), Recent: r.GetInt64(4), DeletedSize: r.GetInt64(5)),
            cancellationToken,
            ("@f", folderId));
        var c = counts[0];
        return new FolderStatus((uint)c.Messages, (uint)c.Unseen, (uint)c.Deleted, c.Size, folder.UidNext, folder.UidValidity, folder.HighestModSeq, (uint)c.Recent, c.DeletedSize);
    }

    public async Task<BalUsage> GetUsageAsync(long balId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var usage = await Sql.ListAsync(
            connection,
            null,
            "SELECT COALESCE(SUM(m.size), 0), COUNT(*) FROM messages m JOIN folders f ON f.id = m.folder_id WHERE f.bal_id = @b",
            r => new BalUsage(r.GetInt64(0), r.GetInt64(1)),
            cancellationToken,
            ("@b", balId));
        return usage[0];
    }

    public async Task<uint> RecentFloorAsync(long folderId, uint? claimUpTo, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = claimUpTo is null
            ? await dialect.BeginReadAsync(connection, cancellationToken)
            : await dialect.BeginWriteAsync(connection, cancellationToken);
        // The row lock (PostgreSQL) or the write transaction (SQLite) makes read-then-raise one step: a concurrent
        // claim waits and then reads the raised floor, so no message is recent in two sessions.
        var floors = await Sql.ListAsync(
            connection,
            transaction,
            $"SELECT recent_floor FROM folders WHERE id = @f {(claimUpTo is null ? "" : dialect.ForUpdate)}",
            r => (uint)r.GetInt64(0),
            cancellationToken,
            ("@f", folderId));
        if (floors.Count == 0)
        {
            throw new StoreException(StoreError.NotFound, "The folder does not exist.");
        }

        if (claimUpTo is { } upTo && upTo > floors[0])
        {
            await Sql.ExecuteAsync(transaction, "UPDATE folders SET recent_floor = @u WHERE id = @f", cancellationToken, ("@u", (long)upTo), ("@f", folderId));
        }

        await transaction.CommitAsync(cancellationToken);
        return floors[0];
    }

    public async Task<FolderChanges> GetChangesAsync(long folderId, ulong sinceModSeq, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginReadAsync(connection, cancellationToken);
        var folder = await RequireFolderAsync(transaction, folderId, cancellationToken);
        var changed = await Sql.ListAsync(
            connection,
            transaction,
            $"SELECT {MessageRows.Columns} FROM messages WHERE folder_id = @f AND modseq > @m ORDER BY uid",
            r => MessageRows.Read(dialect, r),
            cancellationToken,
            ("@f", folderId),
            ("@m", (long)sinceModSeq));
        var expunged = await Sql.ListAsync(
            connection,
            transaction,
            "SELECT uid FROM expunged_messages WHERE folder_id = @f AND modseq > @m ORDER BY uid",
            r => (uint)r.GetInt64(0),
            cancellationToken,
            ("@f", folderId),
            ("@m", (long)sinceModSeq));
        return new FolderChanges(folder.HighestModSeq, changed, expunged);
    }

    public Task<Stream> OpenBlobAsync(string blobId, CancellationToken cancellationToken) => blobs.OpenAsync(blobId, cancellationToken);

    public Task<Stream> OpenBlobAsync(string blobId, long offset, long length, CancellationToken cancellationToken) =>
        offset < 0 || length < 0
            ? throw new ArgumentOutOfRangeException(nameof(offset), "A blob range starts and lasts at least at zero.")
            : blobs.OpenAsync(blobId, offset, length, cancellationToken);

    public async Task<IReadOnlyDictionary<uint, byte[]>> GetMessageViewsAsync(long folderId, UidSet uids, CancellationToken cancellationToken)
    {
        var (condition, parameters) = MessageRows.Condition(uids, "m.uid");
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var rows = await Sql.ListAsync(
            connection,
            null,
            $"SELECT m.uid, b.views FROM messages m JOIN blobs b ON b.id = m.blob_id WHERE m.folder_id = @f AND {condition} AND b.views IS NOT NULL",
            r => (Uid: (uint)r.GetInt64(0), Views: r.GetFieldValue<byte[]>(1)),
            cancellationToken,
            [("@f", folderId), .. parameters]);
        return rows.Where(r => uids.Contains(r.Uid)).ToDictionary(r => r.Uid, r => r.Views);
    }

    public async Task SaveBlobViewsAsync(string blobId, byte[] views, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await Sql.ExecuteAsync(transaction, "UPDATE blobs SET views = @v WHERE id = @i", cancellationToken, ("@v", views), ("@i", blobId));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> PurgeUnreferencedBlobsAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var (afterCommit, afterRollback, count) = await blobs.PurgeAsync(transaction, olderThan, cancellationToken);
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            afterRollback();
            throw;
        }

        afterCommit();
        return count;
    }

    private async Task<CopyResult> CopyOrMoveAsync(long sourceFolderId, UidSet uids, long targetFolderId, bool move, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var folders = await LockFoldersAsync(transaction, [sourceFolderId, targetFolderId], cancellationToken);
        var source = folders[sourceFolderId];
        var target = folders[targetFolderId];
        var messages = await MessageRows.SelectAsync(dialect, transaction, connection, sourceFolderId, uids, cancellationToken);
        if (messages.Count == 0)
        {
            return new CopyResult(target.UidValidity, []);
        }

        var targetModSeq = target.NextModSeq();
        var mappings = new List<UidMapping>(messages.Count);
        foreach (var message in messages)
        {
            var uid = target.TakeUid();
            await InsertMessageAsync(transaction, targetFolderId, message with { Uid = uid, ModSeq = targetModSeq }, cancellationToken);
            mappings.Add(new UidMapping(message.Uid, uid));
        }

        var notices = new List<FolderChange> { new(targetFolderId, targetModSeq) };
        if (move)
        {
            var sourceModSeq = source.NextModSeq();
            await RemoveMessagesAsync(transaction, sourceFolderId, [.. messages.Select(m => m.Uid)], sourceModSeq, cancellationToken);
            notices.Add(new FolderChange(sourceFolderId, source.HighestModSeq));
        }

        foreach (var folder in folders.Values)
        {
            await folder.SaveAsync(transaction, cancellationToken);
        }

        await dialect.CommitAsync(transaction, notices, cancellationToken);
        return new CopyResult(target.UidValidity, mappings);
    }

    /// <summary>Inside a caller's transaction: one message per folder, all on one staged blob (SMTP delivery).</summary>
    /// <summary>Locks the folders now; adds a message per folder and the folders' new counters to <paramref name="batch"/>.</summary>
    internal async Task<(List<AppendedMessage> Appended, List<FolderChange> Changes)> AppendToFoldersAsync(
        DbTransaction transaction, SqlBatch batch, IReadOnlyList<long> folderIds, StagedBlob blob, DateTimeOffset internalDate, CancellationToken cancellationToken)
    {
        var appended = new List<AppendedMessage>();
        var changes = new List<FolderChange>();
        if (folderIds.Count == 0)
        {
            return (appended, changes);
        }

        var folders = await LockFoldersAsync(transaction, [.. folderIds], cancellationToken);
        foreach (var folder in folders.Values)
        {
            var uid = folder.TakeUid();
            var modSeq = folder.NextModSeq();
            InsertMessage(batch, folder.Id, new MessageRecord(uid, modSeq, FlagSet.Empty, internalDate, blob.Size, blob.Id));
            folder.Save(batch);
            appended.Add(new AppendedMessage(folder.Id, folder.UidValidity, uid));
            changes.Add(new FolderChange(folder.Id, modSeq));
        }

        return (appended, changes);
    }

    private async Task InsertMessageAsync(DbTransaction transaction, long folderId, MessageRecord message, CancellationToken cancellationToken)
    {
        var batch = new SqlBatch();
        InsertMessage(batch, folderId, message);
        await batch.ExecuteAsync(transaction, cancellationToken);
    }

    private void InsertMessage(SqlBatch batch, long folderId, MessageRecord message) =>
        batch.Add(
            $"INSERT INTO messages (folder_id, {MessageRows.Columns}) VALUES (@f, @u, @m, @fl, @k, @d, @s, @b)",
            ("@f", folderId),
            ("@u", (long)message.Uid),
            ("@m", (long)message.ModSeq),
            ("@fl", (long)message.Flags.System),
            ("@k", message.Flags.KeywordsText),
            ("@d", dialect.TimeValue(message.InternalDate)),
            ("@s", message.Size),
            ("@b", message.BlobId));

    /// <summary>Deletes message rows and leaves tombstones so that other sessions learn of the expunge.</summary>
    private static async Task RemoveMessagesAsync(DbTransaction transaction, long folderId, IReadOnlyList<uint> uids, ulong modSeq, CancellationToken cancellationToken)
    {
        foreach (var uid in uids)
        {
            await Sql.ExecuteAsync(transaction, "DELETE FROM messages WHERE folder_id = @f AND uid = @u", cancellationToken, ("@f", folderId), ("@u", (long)uid));
            await Sql.ExecuteAsync(transaction, "INSERT INTO expunged_messages (folder_id, uid, modseq) VALUES (@f, @u, @m)", cancellationToken, ("@f", folderId), ("@u", (long)uid), ("@m", (long)modSeq));
        }
    }

    private static async Task<Folder> RequireFolderAsync(DbTransaction transaction, long folderId, CancellationToken cancellationToken)
    {
        var rows = await Sql.ListAsync(transaction.Connection!, transaction, $"SELECT {FolderRows.Columns} FROM folders WHERE id = @f", FolderRows.Read, cancellationToken, ("@f", folderId));
        return rows.SingleOrDefault() ?? throw new StoreException(StoreError.NotFound, $"There is no folder with id {folderId}.");
    }

    private async Task<Dictionary<long, LockedFolder>> LockFoldersAsync(DbTransaction transaction, long[] folderIds, CancellationToken cancellationToken)
    {
        var ids = folderIds.Distinct().Order().ToArray();
        var rows = await Sql.ListAsync(
            transaction.Connection!,
            transaction,
            $"SELECT id, uid_validity, uid_next, highest_modseq FROM folders WHERE id IN ({string.Join(',', ids.Select((_, i) => $"@id{i}"))}) ORDER BY id {dialect.ForUpdate}",
            r => new LockedFolder(r.GetInt64(0), (uint)r.GetInt64(1), (uint)r.GetInt64(2), (ulong)r.GetInt64(3)),
            cancellationToken,
            [.. ids.Select((id, i) => ($"@id{i}", (object?)id))]);
        var missing = ids.Except(rows.Select(r => r.Id)).ToList();
        if (missing.Count > 0)
        {
            throw new StoreException(StoreError.NotFound, $"There is no folder with id {missing[0]}.");
        }

        return rows.ToDictionary(r => r.Id);
    }

    /// <summary>A folder row read under lock: hands out UIDs and modseqs, then writes the counters back.</summary>
    private sealed class LockedFolder(long id, uint uidValidity, uint uidNext, ulong highestModSeq)
    {
        private bool _changed;

        public long Id { get; } = id;

        public uint UidValidity { get; } = uidValidity;

        public uint UidNext { get; private set; } = uidNext;

        public ulong HighestModSeq { get; private set; } = highestModSeq;

        public uint TakeUid()
        {
            if (UidNext == uint.MaxValue)
            {
                throw new StoreException(StoreError.TooLarge, $"The folder with id {Id} has used every UID; create a new folder.");
            }

            _changed = true;
            return UidNext++;
        }

        public ulong NextModSeq()
        {
            _changed = true;
            return ++HighestModSeq;
        }

        public async Task SaveAsync(DbTransaction transaction, CancellationToken cancellationToken)
        {
            var batch = new SqlBatch();
            Save(batch);
            await batch.ExecuteAsync(transaction, cancellationToken);
        }

        public void Save(SqlBatch batch)
        {
            if (_changed)
            {
                batch.Add("UPDATE folders SET uid_next = @u, highest_modseq = @m WHERE id = @f", ("@u", (long)UidNext), ("@m", (long)HighestModSeq), ("@f", Id));
            }
        }
    }
}
