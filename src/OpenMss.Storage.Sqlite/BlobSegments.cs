using System.Collections.Concurrent;
using System.Globalization;

namespace OpenMss.Storage.Sqlite;

/// <summary>
/// The segment files under <c>blobs/segments</c>, so that no file is created per message and one fsync covers a
/// whole group commit. Blobs read whole into memory (up to <see cref="SharedLimit"/>) are appended, under a lock, to
/// the one shared segment; a larger blob streams into a segment its writer rents for itself. A process only
/// appends to segments it created: whatever an interrupted write left at the end of an older one stays
/// unreferenced there.
/// </summary>
internal sealed class BlobSegments
{
    /// <summary>A segment takes no new blob past this size (a blob may end beyond it).</summary>
    public const long TargetSize = 64L * 1024 * 1024;

    /// <summary>Blobs up to this size are buffered and go to the shared segment.</summary>
    public const int SharedLimit = 1024 * 1024;

    private readonly Lock _sharedLock = new();
    private readonly ConcurrentBag<BlobSegment> _idle = [];
    private BlobSegment? _shared;
    private readonly ConcurrentDictionary<long, BlobSegment> _open = new();
    private long _lastNumber;

    public BlobSegments(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        _lastNumber = Existing().DefaultIfEmpty(0).Max();
    }

    public string Directory { get; }

    public string PathOf(long number) => Path.Combine(Directory, number.ToString("D12", CultureInfo.InvariantCulture) + ".seg");

    /// <summary>The numbers of the segment files on disk.</summary>
    public IEnumerable<long> Existing() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.seg")
            .Select(f => long.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .Where(n => n > 0);

    /// <summary>Whether the segment takes new blobs or has one waiting for its transaction: it must then stay.</summary>
    public bool InUse(long number) => _open.ContainsKey(number);

    /// <summary>Appends a whole blob to the shared segment; returns where it went.</summary>
    public SegmentWrite AppendShared(ReadOnlySpan<byte> bytes)
    {
        lock (_sharedLock)
        {
            _shared ??= Create();
            var write = new SegmentWrite(_shared, _shared.Length);
            _shared.Append(bytes);
            _shared.Written();
            if (_shared.Length >= TargetSize)
            {
                _shared.Retire();
                _shared = null;
            }

            return write;
        }
    }

    /// <summary>A segment for one writer's large blob, until <see cref="Return"/>.</summary>
    public BlobSegment Rent() => _idle.TryTake(out var segment) ? segment : Create();

    public void Return(BlobSegment segment)
    {
        if (segment.Length < TargetSize)
        {
            _idle.Add(segment);
        }
        else
        {
            segment.Retire();
        }
    }

    private BlobSegment Create()
    {
        var number = Interlocked.Increment(ref _lastNumber);
        var path = PathOf(number);
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        DirectorySync.Flush(Directory); // the new name must be durable before a commit refers to it
        var segment = new BlobSegment(number, handle, s => _open.TryRemove(s.Number, out _));
        _open[number] = segment;
        return segment;
    }
}
