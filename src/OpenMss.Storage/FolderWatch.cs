using System.Threading.Channels;
using OpenMss.Storage.Model;

namespace OpenMss.Storage;

/// <summary>
/// A session's watch on one folder. Notices coalesce: a waiter learns that something changed (up to a modseq)
/// and asks the store what, so a slow session never queues unbounded notices.
/// </summary>
public sealed class FolderWatch : IDisposable
{
    private readonly Channel<ulong> _notices = Channel.CreateBounded<ulong>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Action<FolderWatch> _onDispose;

    internal FolderWatch(long folderId, Action<FolderWatch> onDispose)
    {
        FolderId = folderId;
        _onDispose = onDispose;
    }

    public long FolderId { get; }

    /// <summary>
    /// Waits for the next change notice. Returns the modseq it announced, or 0 when the folder was deleted or
    /// notices may have been missed (the session should then resynchronise from the store).
    /// </summary>
    public ValueTask<ulong> WaitAsync(CancellationToken cancellationToken) =>
        _notices.Reader.ReadAsync(cancellationToken);

    /// <summary>Takes a pending notice without waiting.</summary>
    public bool TryTake(out ulong modSeq) => _notices.Reader.TryRead(out modSeq);

    internal void Notify(ulong modSeq) => _notices.Writer.TryWrite(modSeq);

    public void Dispose()
    {
        _notices.Writer.TryComplete();
        _onDispose(this);
    }
}
