namespace OpenMss.Storage;

/// <summary>
/// Wakes sessions waiting on a folder when it changes, in this process and, where the backend allows
/// (PostgreSQL), in every process sharing the store.
/// </summary>
public interface IChangeFeed
{
    /// <summary>Starts watching one folder; dispose the watch when done.</summary>
    FolderWatch Watch(long folderId);
}
