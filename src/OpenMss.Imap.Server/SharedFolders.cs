using System.Collections.Concurrent;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server;

/// <summary>
/// The latest snapshot of every folder some session has selected, shared by those sessions (see
/// <see cref="FolderSnapshot"/>). A folder is loaded whole once, then moved on with the store's changes since its
/// modseq, asked for only when the change feed announced a newer one; it is dropped when its last session leaves.
/// </summary>
internal sealed class SharedFolders(IMailboxStore mailboxes, IChangeFeed changes)
{
    private readonly ConcurrentDictionary<long, SharedFolder> _folders = new();

    /// <summary>Joins (or starts) the shared state of a folder; dispose the lease to leave it.</summary>
    public Lease Join(long folderId)
    {
        while (true)
        {
            if (!_folders.TryGetValue(folderId, out var folder))
            {
                var created = new SharedFolder(folderId, changes.Watch(folderId));
                folder = _folders.GetOrAdd(folderId, created);
                if (folder != created)
                {
                    created.Dispose(); // another session started it first
                }
            }

            if (folder.TryJoin())
            {
                return new Lease(this, folder);
            }

            _folders.TryRemove(new KeyValuePair<long, SharedFolder>(folderId, folder)); // it was closing: start another
        }
    }

    private void Leave(SharedFolder folder)
    {
        if (folder.Leave())
        {
            _folders.TryRemove(new KeyValuePair<long, SharedFolder>(folder.Id, folder));
            folder.Dispose();
        }
    }

    public sealed class Lease(SharedFolders owner, SharedFolder folder) : IDisposable
    {
        private int _disposed;

        /// <summary>
        /// The folder's state now: loaded on first use, then moved on with what changed since, when the feed announced a
        /// change past it to the shared watch or, <paramref name="noticed"/>, to the session's own.
        /// </summary>
        public Task<FolderSnapshot> LatestAsync(ulong noticed, CancellationToken cancellationToken) => folder.LatestAsync(owner, noticed, cancellationToken);

        /// <summary>
        /// A recent floor the store is known to have reached (RFC 3501 §2.3.2): the store's only rises, so messages at
        /// or below this one were taken by some session, and the many sessions of one node need not ask the store.
        /// </summary>
        public uint KnownRecentFloor => (uint)Interlocked.Read(ref folder.RecentFloor);

        public void RecentFloorReached(uint floor)
        {
            long seen;
            while ((seen = Interlocked.Read(ref folder.RecentFloor)) < floor && Interlocked.CompareExchange(ref folder.RecentFloor, floor, seen) != seen)
            {
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave(folder);
            }
        }
    }

    public sealed class SharedFolder(long id, FolderWatch watch) : IDisposable
    {
        private readonly SemaphoreSlim _refresh = new(1, 1);
        private readonly Lock _members = new();
        private int _sessions;
        private bool _closed;
        private FolderSnapshot? _latest;

        /// <summary>See <see cref="Lease.KnownRecentFloor"/>.</summary>
        internal long RecentFloor;

        public long Id { get; } = id;

        public bool TryJoin()
        {
            lock (_members)
            {
                if (_closed)
                {
                    return false;
                }

                _sessions++;
                return true;
            }
        }

        /// <returns>True when that was the last session.</returns>
        public bool Leave()
        {
            lock (_members)
            {
                _closed = --_sessions == 0;
                return _closed;
            }
        }

        /// <summary>Once no session holds the folder any more.</summary>
        public void Dispose()
        {
            watch.Dispose();
            _refresh.Dispose();
        }

        public async Task<FolderSnapshot> LatestAsync(SharedFolders owner, ulong noticed, CancellationToken cancellationToken)
        {
            await _refresh.WaitAsync(cancellationToken);
            try
            {
                if (_latest is null)
                {
                    // Modseqs are handed out under the folder's lock, in commit order: whatever commits after the messages
                    // were read has a higher modseq than any of them, so the next catch-up finds it.
                    var status = await owner.Mailboxes.GetStatusAsync(Id, cancellationToken);
                    var messages = await owner.Mailboxes.FetchAsync(Id, UidSet.All, cancellationToken);
                    _latest = FolderSnapshot.From(Math.Max(status.HighestModSeq, messages.Count == 0 ? 0 : messages.Max(m => m.ModSeq)), messages);
                    return _latest;
                }

                if (!Announced(_latest.ModSeq) && noticed <= _latest.ModSeq)
                {
                    return _latest;
                }

                var changes = await owner.Mailboxes.GetChangesAsync(Id, _latest.ModSeq, cancellationToken);
                if (changes.Changed.Count > 0 || changes.Expunged.Count > 0)
                {
                    _latest = _latest.Apply(changes);
                }

                return _latest;
            }
            finally
            {
                _refresh.Release();
            }
        }

        /// <summary>Whether the feed announced a change past <paramref name="modSeq"/> (0: notices may have been lost).</summary>
        private bool Announced(ulong modSeq)
        {
            var announced = false;
            while (watch.TryTake(out var notice))
            {
                announced |= notice == 0 || notice > modSeq;
            }

            return announced;
        }
    }

    private IMailboxStore Mailboxes => mailboxes;
}
