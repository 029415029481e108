using OpenMss.Imap.Protocol;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server;

/// <summary>
/// What a session was told about its selected folder: the UIDs in sequence order, their flags, and the modseq it is
/// synchronised to. Changes from other sessions (this process or, on PostgreSQL, others) arrive through the change
/// feed and are announced only where RFC 3501 §7.4.1 allows: EXPUNGE never during FETCH, STORE or SEARCH.
/// </summary>
internal sealed class SelectedMailbox : IDisposable
{
    private readonly List<uint> _uids;
    private readonly Dictionary<uint, FlagSet> _flags;
    private readonly HashSet<uint> _pendingExpunges = [];

    private SelectedMailbox(Folder folder, bool readOnly, List<MessageRecord> messages, ulong modSeq, FolderWatch watch)
    {
        Folder = folder;
        ReadOnly = readOnly;
        _uids = [.. messages.Select(m => m.Uid)];
        _flags = messages.ToDictionary(m => m.Uid, m => m.Flags);
        ModSeq = modSeq;
        Watch = watch;
    }

    public Folder Folder { get; }

    public bool ReadOnly { get; }

    public ulong ModSeq { get; private set; }

    public FolderWatch Watch { get; }

    public int Count => _uids.Count;

    public IReadOnlyList<uint> Uids => _uids;

    public static async Task<SelectedMailbox> OpenAsync(IMailboxStore mailboxes, IChangeFeed changes, Folder folder, bool readOnly, CancellationToken cancellationToken)
    {
        // Watch first, so that nothing committed after the snapshot goes unnoticed.
        var watch = changes.Watch(folder.Id);
        var status = await mailboxes.GetStatusAsync(folder.Id, cancellationToken);
        var messages = await mailboxes.FetchAsync(folder.Id, UidSet.All, cancellationToken);
        return new SelectedMailbox(folder, readOnly, [.. messages], Math.Max(status.HighestModSeq, messages.Count == 0 ? 0 : messages.Max(m => m.ModSeq)), watch);
    }

    public FlagSet FlagsOf(uint uid) => _flags.GetValueOrDefault(uid) ?? FlagSet.Empty;

    public int SequenceOf(uint uid)
    {
        var index = _uids.BinarySearch(uid);
        return index < 0 ? 0 : index + 1;
    }

    /// <summary>
    /// The UIDs a set names: sequence numbers 1..Count (null when a number is beyond Count: the client is wrong),
    /// or UIDs that exist (others are ignored, RFC 3501 §6.4.8).
    /// </summary>
    public List<uint>? Resolve(SequenceSet set, bool uid)
    {
        if (uid)
        {
            var largest = _uids.Count == 0 ? 0 : _uids[^1];
            var ranges = set.Resolve(largest);
            return [.. _uids.Where(u => ranges.Any(r => u >= r.First && u <= r.Last))];
        }

        var result = new List<uint>();
        foreach (var (first, last) in set.Resolve((uint)_uids.Count))
        {
            if (last > _uids.Count)
            {
                return null;
            }

            for (var n = first; n <= last; n++)
            {
                result.Add(_uids[(int)n - 1]);
            }
        }

        return result;
    }

    public void Remember(uint uid, FlagSet flags) => _flags[uid] = flags;

    /// <summary>
    /// Brings the view up to date; returns the untagged responses to send. Expunges are held back (and the
    /// numbers kept) when <paramref name="allowExpunge"/> is false.
    /// </summary>
    public async Task<List<string>> SyncAsync(IMailboxStore mailboxes, bool allowExpunge, CancellationToken cancellationToken)
    {
        while (Watch.TryTake(out _))
        {
        }

        var responses = new List<string>();
        var changes = await mailboxes.GetChangesAsync(Folder.Id, ModSeq, cancellationToken);
        foreach (var uid in changes.Expunged)
        {
            if (_flags.ContainsKey(uid))
            {
                _pendingExpunges.Add(uid);
            }
        }

        if (allowExpunge)
        {
            // Highest first would also work; ascending with recomputed numbers matches what clients expect to read.
            foreach (var uid in _pendingExpunges.Order().ToList())
            {
                var sequence = SequenceOf(uid);
                _uids.RemoveAt(sequence - 1);
                _flags.Remove(uid);
                responses.Add($"* {sequence} EXPUNGE");
            }

            _pendingExpunges.Clear();
        }

        var added = false;
        foreach (var message in changes.Changed.OrderBy(m => m.Uid))
        {
            if (_flags.TryGetValue(message.Uid, out var known))
            {
                if (!known.Equals(message.Flags))
                {
                    _flags[message.Uid] = message.Flags;
                    responses.Add($"* {SequenceOf(message.Uid)} FETCH (FLAGS {ImapFlags.Format(message.Flags)})");
                }
            }
            else if (_uids.Count == 0 || message.Uid > _uids[^1])
            {
                _uids.Add(message.Uid);
                _flags[message.Uid] = message.Flags;
                added = true;
            }
        }

        if (added)
        {
            responses.Add($"* {_uids.Count} EXISTS");
        }

        ModSeq = Math.Max(ModSeq, changes.HighestModSeq);
        return responses;
    }

    /// <summary>After this session's own EXPUNGE: the UIDs leave the view now.</summary>
    public List<string> Forget(IReadOnlyList<uint> expunged)
    {
        var responses = new List<string>();
        foreach (var uid in expunged.Order())
        {
            var sequence = SequenceOf(uid);
            if (sequence > 0)
            {
                _uids.RemoveAt(sequence - 1);
                _flags.Remove(uid);
                _pendingExpunges.Remove(uid);
                responses.Add($"* {sequence} EXPUNGE");
            }
        }

        return responses;
    }

    public void Dispose() => Watch.Dispose();
}
