using OpenMss.Storage.Model;

namespace OpenMss.Storage;

/// <summary>Fans change notices out to the watches of this process.</summary>
public sealed class ChangeBroadcaster : IChangeFeed
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, List<FolderWatch>> _watches = [];

    public FolderWatch Watch(long folderId)
    {
        var watch = new FolderWatch(folderId, Remove);
        lock (_gate)
        {
            if (!_watches.TryGetValue(folderId, out var list))
            {
                _watches[folderId] = list = [];
            }

            list.Add(watch);
        }

        return watch;
    }

    public void Publish(FolderChange change)
    {
        FolderWatch[] targets;
        lock (_gate)
        {
            targets = _watches.TryGetValue(change.FolderId, out var list) ? [.. list] : [];
        }

        foreach (var watch in targets)
        {
            watch.Notify(change.ModSeq);
        }
    }

    /// <summary>Wakes every watch with "resynchronise": used when notices from other processes may have been lost.</summary>
    public void PublishResync()
    {
        FolderWatch[] targets;
        lock (_gate)
        {
            targets = [.. _watches.Values.SelectMany(l => l)];
        }

        foreach (var watch in targets)
        {
            watch.Notify(0);
        }
    }

    private void Remove(FolderWatch watch)
    {
        lock (_gate)
        {
            if (_watches.TryGetValue(watch.FolderId, out var list) && list.Remove(watch) && list.Count == 0)
            {
                _watches.Remove(watch.FolderId);
            }
        }
    }
}
