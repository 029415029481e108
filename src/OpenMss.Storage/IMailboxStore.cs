using OpenMss.Storage.Model;

namespace OpenMss.Storage;

/// <summary>
/// Folders and messages of BALs: the operations IMAP and SMTP delivery need. Every write is one transaction;
/// what it returns is committed and durable. Operations on a folder that does not exist (any more) fail with
/// <see cref="StoreError.NotFound"/>.
/// </summary>
public interface IMailboxStore
{
    Task<IReadOnlyList<Folder>> ListFoldersAsync(long balId, CancellationToken cancellationToken);

    Task<Folder?> FindFolderAsync(long balId, string name, CancellationToken cancellationToken);

    Task<Folder?> GetFolderAsync(long folderId, CancellationToken cancellationToken);

    /// <exception cref="StoreException">AlreadyExists when the name is taken in the BAL.</exception>
    Task<Folder> CreateFolderAsync(long balId, NewFolder folder, CancellationToken cancellationToken);

    /// <summary>Renames a folder and the folders below it; they keep their UIDVALIDITY and messages.</summary>
    Task RenameFolderAsync(long balId, string oldName, string newName, CancellationToken cancellationToken);

    /// <summary>Deletes one folder and its messages; folders below it stay.</summary>
    Task DeleteFolderAsync(long balId, string name, CancellationToken cancellationToken);

    Task SetSubscribedAsync(long balId, string name, bool subscribed, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the message bytes and its row in one atomic step; returns only once both are durable.
    /// </summary>
    /// <exception cref="StoreException">TooLarge beyond <paramref name="maxSize"/> bytes.</exception>
    Task<AppendResult> AppendAsync(
        long folderId,
        Stream content,
        FlagSet flags,
        DateTimeOffset internalDate,
        long maxSize,
        CancellationToken cancellationToken);

    /// <summary>Copies the existing messages among <paramref name="uids"/>, in UID order, keeping flags and dates.</summary>
    Task<CopyResult> CopyAsync(long sourceFolderId, UidSet uids, long targetFolderId, CancellationToken cancellationToken);

    /// <summary>Copy then expunge from the source, in one transaction.</summary>
    Task<CopyResult> MoveAsync(long sourceFolderId, UidSet uids, long targetFolderId, CancellationToken cancellationToken);

    /// <summary>Removes the messages flagged \Deleted (only those in <paramref name="uids"/> when given).</summary>
    /// <returns>The UIDs removed, ascending.</returns>
    Task<IReadOnlyList<uint>> ExpungeAsync(long folderId, UidSet? uids, CancellationToken cancellationToken);

    /// <summary>
    /// Changes flags; each changed message gets a new modseq. With <paramref name="unchangedSince"/>, messages
    /// modified after it are left alone and reported as conflicts.
    /// </summary>
    Task<StoreFlagsResult> StoreFlagsAsync(
        long folderId,
        UidSet uids,
        FlagChangeMode mode,
        FlagSet flags,
        ulong? unchangedSince,
        CancellationToken cancellationToken);

    /// <summary>The messages among <paramref name="uids"/>, ascending by UID.</summary>
    Task<IReadOnlyList<MessageRecord>> FetchAsync(long folderId, UidSet uids, CancellationToken cancellationToken);

    Task<FolderStatus> GetStatusAsync(long folderId, CancellationToken cancellationToken);

    /// <summary>What the BAL holds over all its folders (RFC 9208 quota usage).</summary>
    Task<BalUsage> GetUsageAsync(long balId, CancellationToken cancellationToken);

    /// <summary>
    /// The folder's recent floor (RFC 3501 §2.3.2): messages above it are recent for no session yet. With
    /// <paramref name="claimUpTo"/>, raises it there in the same transaction (it never goes down), so that the
    /// messages between the floor returned and that UID are recent in the caller's session alone, whichever node
    /// of a shared store the other sessions run on.
    /// </summary>
    Task<uint> RecentFloorAsync(long folderId, uint? claimUpTo, CancellationToken cancellationToken);

    /// <summary>What changed after <paramref name="sinceModSeq"/>: serves resynchronisation and IDLE.</summary>
    Task<FolderChanges> GetChangesAsync(long folderId, ulong sinceModSeq, CancellationToken cancellationToken);

    /// <summary>Opens the immutable bytes of a message for reading.</summary>
    Task<Stream> OpenBlobAsync(string blobId, CancellationToken cancellationToken);

    /// <summary>
    /// Opens <paramref name="length"/> bytes of a blob from <paramref name="offset"/> (fewer when the blob ends
    /// first), reading no more of it than that where the backend allows.
    /// </summary>
    Task<Stream> OpenBlobAsync(string blobId, long offset, long length, CancellationToken cancellationToken);

    /// <summary>
    /// The views kept beside the blobs of the messages among <paramref name="uids"/> (see <see cref="BlobViewBuilder"/>),
    /// by UID; messages whose blob has none are left out.
    /// </summary>
    Task<IReadOnlyDictionary<uint, byte[]>> GetMessageViewsAsync(long folderId, UidSet uids, CancellationToken cancellationToken);

    /// <summary>Keeps views beside a blob, replacing any it had (a blob stored before views existed gets them at its first read).</summary>
    Task SaveBlobViewsAsync(string blobId, byte[] views, CancellationToken cancellationToken);

    /// <summary>Removes blobs no message refers to any more and older than <paramref name="olderThan"/>.</summary>
    /// <returns>How many blobs were removed.</returns>
    Task<int> PurgeUnreferencedBlobsAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
