using OpenMss.Imap.Protocol;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server;

/// <summary>
/// The session's numbered view of its selected folder (RFC 3501 §2.3.1): a shared <see cref="FolderSnapshot"/>,
/// and only what this session alone knows: flags it has told the client since, expunges it may not announce yet,
/// its own EXPUNGE already told. Synchronising walks the shared snapshots' changes from where the session was.
/// Changes are announced only where RFC 3501 §7.4.1 allows: EXPUNGE never during FETCH, STORE or SEARCH.
/// \Recent (§2.3.2): a read-write session takes, through the store, the messages above the folder's recent floor
/// when it selects the folder and as new ones arrive, so each is recent in one session only; a read-only one sees
/// those above the floor as recent without taking them.
/// </summary>
internal sealed class SelectedMailbox : IDisposable
{
    private readonly SharedFolders.Lease _shared;
    private readonly EnabledExtensions _enabled;
    private readonly IMailboxStore _mailboxes;

    /// <summary>The messages recent in this session.</summary>
    private readonly HashSet<uint> _recent = [];

    /// <summary>Flags this session told the client after its view was taken (its own STORE or FETCH).</summary>
    private readonly Dictionary<uint, FlagSet> _told = [];

    /// <summary>Keywords the client was told are defined (FLAGS), in the order it was told them.</summary>
    private readonly List<string> _keywords = [];
    private readonly HashSet<string> _keywordSet = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>UIDs expunged elsewhere, still numbered in this view until an EXPUNGE may be sent.</summary>
    private readonly HashSet<uint> _held = [];

    /// <summary>This session's watch on the folder: it wakes IDLE, and its notices tell the next sync how far to read.</summary>
    private readonly FolderWatch _watch;

    /// <summary>What the client's sequence numbers refer to.</summary>
    private FolderSnapshot _view;

    /// <summary>How far along the shared snapshots this session has read.</summary>
    private FolderSnapshot _read;

    /// <summary>
    /// The highest modseq this session's watch announced since its last sync (<see cref="ulong.MaxValue"/>: notices may
    /// have been lost). The shared state is moved on up to it even when the shared watch has not heard of it yet: the
    /// feed wakes the watches one after the other, and this session may sync before the shared watch is woken.
    /// </summary>
    private ulong _noticed;

    private SelectedMailbox(Folder folder, bool readOnly, SharedFolders.Lease shared, FolderSnapshot snapshot, FolderWatch watch, EnabledExtensions enabled, IMailboxStore mailboxes)
    {
        _enabled = enabled;
        _mailboxes = mailboxes;
        Folder = folder;
        ReadOnly = readOnly;
        _shared = shared;
        _view = snapshot;
        _read = snapshot;
        _watch = watch;
        foreach (var uid in snapshot.Uids)
        {
            Define(snapshot.FlagsOf(uid)?.Keywords ?? []);
        }
    }

    /// <summary>The keywords announced so far, for FLAGS and PERMANENTFLAGS.</summary>
    public IReadOnlyList<string> Keywords => _keywords;

    public Folder Folder { get; }

    public bool ReadOnly { get; }


    public int Count => _view.Count;

    public IReadOnlyList<uint> Uids => _view.Uids;

    /// <summary>The highest modseq of the state this view shows (RFC 7162 HIGHESTMODSEQ).</summary>
    public ulong HighestModSeq => _view.ModSeq;

    /// <summary>How many messages are recent in this session (SELECT's and EXISTS's RECENT).</summary>
    public int RecentCount => _recent.Count;

    /// <summary>Whether the message is \Recent in this session; IMAP4rev2 has no \Recent (RFC 9051 Appendix E).</summary>
    public bool IsRecent(uint uid) => !_enabled.Rev2 && _recent.Contains(uid);

    public static async Task<SelectedMailbox> OpenAsync(SharedFolders folders, IChangeFeed changes, IMailboxStore mailboxes, Folder folder, bool readOnly, EnabledExtensions enabled, CancellationToken cancellationToken)
    {
        // Watch first, so that nothing committed after the snapshot goes unnoticed.
        var watch = changes.Watch(folder.Id);
        var shared = folders.Join(folder.Id);
        try
        {
            var snapshot = await shared.LatestAsync(0, cancellationToken);
            var mailbox = new SelectedMailbox(folder, readOnly, shared, snapshot, watch, enabled, mailboxes);
            await mailbox.TakeRecentAsync(0, snapshot, cancellationToken);
            return mailbox;
        }
        catch
        {
            shared.Dispose();
            watch.Dispose();
            throw;
        }
    }

    public FlagSet FlagsOf(uint uid) => _told.GetValueOrDefault(uid) ?? _view.FlagsOf(uid) ?? FlagSet.Empty;

    /// <summary>The message's modseq as this view last saw it.</summary>
    public ulong ModSeqOf(uint uid) => _view.ModSeqOf(uid);

    public int SequenceOf(uint uid)
    {
        var index = _view.IndexOf(uid);
        return index < 0 ? 0 : index + 1;
    }

    /// <summary>
    /// The UIDs a set names: sequence numbers 1..Count (null when a number is beyond Count: the client is wrong),
    /// or UIDs that exist (others are ignored, RFC 3501 §6.4.8).
    /// </summary>
    public List<uint>? Resolve(SequenceSet set, bool uid)
    {
        var uids = _view.Uids;
        if (uid)
        {
            var largest = uids.Count == 0 ? 0 : uids[^1];
            var ranges = set.Resolve(largest);
            return [.. uids.Where(u => ranges.Any(r => u >= r.First && u <= r.Last))];
        }

        var result = new List<uint>();
        foreach (var (first, last) in set.Resolve((uint)uids.Count))
        {
            if (last > uids.Count)
            {
                return null;
            }

            for (var n = first; n <= last; n++)
            {
                result.Add(uids[(int)n - 1]);
            }
        }

        return result;
    }

    /// <summary>
    /// A FETCH telling a message's flags: with UID once QRESYNC is on or when the command was a UID one, with MODSEQ
    /// once CONDSTORE is on (RFC 7162 §3.1.4.1, §3.2.4).
    /// </summary>
    public string FlagsFetch(uint uid, FlagSet flags, ulong modSeq, bool withUid = false) => FlagsFetch(SequenceOf(uid), uid, flags, modSeq, withUid);

    private string FlagsFetch(int sequence, uint uid, FlagSet flags, ulong modSeq, bool withUid)
    {
        var line = new System.Text.StringBuilder($"* {sequence} FETCH (");
        if (withUid || _enabled.Qresync)
        {
            line.Append("UID ").Append(uid).Append(' ');
        }

        line.Append("FLAGS ").Append(ImapFlags.Format(flags, IsRecent(uid)));
        if (_enabled.CondStore)
        {
            line.Append(" MODSEQ (").Append(modSeq).Append(')');
        }

        return line.Append(')').ToString();
    }

    /// <summary>
    /// How expunges are told: <c>* n EXPUNGE</c> for each, in ascending order, each number counted after the ones
    /// before it left (RFC 3501 §7.4.1); or one <c>* VANISHED uids</c> once QRESYNC is on (RFC 7162 §3.2.10).
    /// </summary>
    private List<string> Expunges(IReadOnlyList<uint> uids, FolderSnapshot numbering)
    {
        if (_enabled.Qresync)
        {
            return uids.Count == 0 ? [] : [$"* VANISHED {Handlers.ImapValues.ToUidSet([.. uids.Order()])}"];
        }

        var responses = new List<string>();
        var removed = 0;
        foreach (var uid in uids.Order())
        {
            responses.Add($"* {numbering.IndexOf(uid) + 1 - removed} EXPUNGE");
            removed++;
        }

        return responses;
    }

    /// <summary>The messages of <paramref name="state"/> above <paramref name="after"/> that are recent for this session (taken when read-write).</summary>
    private async Task TakeRecentAsync(uint after, FolderSnapshot state, CancellationToken cancellationToken)
    {
        var last = state.Count == 0 ? 0 : state.Uids[^1];
        if (last <= after || last <= _shared.KnownRecentFloor)
        {
            return; // nothing new, or every new one already taken by a session of this node
        }

        var floor = await _mailboxes.RecentFloorAsync(Folder.Id, ReadOnly ? null : last, cancellationToken);
        _shared.RecentFloorReached(ReadOnly ? floor : Math.Max(floor, last));
        for (var i = state.Count - 1; i >= 0 && state.Uids[i] > Math.Max(after, floor); i--)
        {
            _recent.Add(state.Uids[i]);
        }
    }

    /// <summary>The client was told these flags (in a FETCH response): a later sync does not tell them again.</summary>
    public void Remember(uint uid, FlagSet flags) => _told[uid] = flags;

    /// <summary>
    /// What must precede a response showing <paramref name="flags"/>: a new FLAGS (and PERMANENTFLAGS) when they
    /// hold a keyword the client was not told of (RFC 3501 §7.2.6: a client knows a mailbox's flags from FLAGS).
    /// </summary>
    public IEnumerable<string> Announce(FlagSet flags) => Announce(flags.Keywords);

    private IEnumerable<string> Announce(IEnumerable<string> keywords)
    {
        if (!Define(keywords))
        {
            return [];
        }

        return ReadOnly
            ? [$"* FLAGS {ImapFlags.Defined(_keywords)}"]
            : [$"* FLAGS {ImapFlags.Defined(_keywords)}", $"* OK [PERMANENTFLAGS {ImapFlags.Permanent(_keywords)}] Flags permitted."];
    }

    /// <returns>True when a keyword was new.</returns>
    private bool Define(IEnumerable<string> keywords)
    {
        var added = false;
        foreach (var keyword in keywords)
        {
            if (_keywordSet.Add(keyword))
            {
                _keywords.Add(keyword);
                added = true;
            }
        }

        return added;
    }

    /// <summary>
    /// Brings the view up to date; returns the untagged responses to send. Expunges are held back (and the
    /// numbers kept) when <paramref name="allowExpunge"/> is false.
    /// </summary>
    public async Task<List<string>> SyncAsync(bool allowExpunge, CancellationToken cancellationToken)
    {
        while (_watch.TryTake(out var notice))
        {
            Keep(notice);
        }

        var latest = await _shared.LatestAsync(_noticed, cancellationToken);
        _noticed = 0;
        var changed = new HashSet<uint>();
        for (var step = _read; step != latest && step.Next is not null; step = step.Next)
        {
            _held.UnionWith(step.ExpungedToNext.Where(u => _view.IndexOf(u) >= 0));
            changed.UnionWith(step.ChangedToNext);
        }

        _read = latest;
        var responses = new List<string>();
        var view = _view;
        if (allowExpunge && _held.Count > 0)
        {
            responses.AddRange(Expunges([.. _held], view));
            _recent.ExceptWith(_held);
            _held.Clear();
        }

        var next = _held.Count == 0 ? latest : latest.With(_held, view);
        foreach (var uid in changed.Order())
        {
            var flags = latest.FlagsOf(uid);
            if (flags is not null && view.IndexOf(uid) >= 0 && !flags.Equals(FlagsOf(uid)))
            {
                responses.AddRange(Announce(flags));
                responses.Add(FlagsFetch(next.IndexOf(uid) + 1, uid, flags, latest.ModSeqOf(uid), withUid: false));
            }
        }

        var last = view.Count == 0 ? 0 : view.Uids[^1];
        var lastNow = next.Count == 0 ? 0 : next.Uids[^1];
        if (lastNow > last)
        {
            // Keywords the new messages bring are defined before the messages are announced.
            var arrived = new List<string>();
            for (var i = next.Count - 1; i >= 0 && next.Uids[i] > last; i--)
            {
                arrived.AddRange(next.FlagsOf(next.Uids[i])?.Keywords ?? []);
            }

            responses.AddRange(Announce(arrived));
            responses.Add($"* {next.Count} EXISTS");
            var recent = _recent.Count;
            await TakeRecentAsync(last, next, cancellationToken);
            if (_recent.Count != recent && !_enabled.Rev2)
            {
                responses.Add($"* {_recent.Count} RECENT");
            }
        }

        _view = next;
        _told.Clear();
        return responses;
    }

    /// <summary>After this session's own EXPUNGE: the UIDs leave the view now.</summary>
    public List<string> Forget(IReadOnlyList<uint> expunged)
    {
        var gone = expunged.Where(uid => _view.IndexOf(uid) >= 0).ToHashSet();
        var responses = Expunges([.. gone], _view);
        _held.ExceptWith(gone);
        _recent.ExceptWith(gone);
        if (gone.Count > 0)
        {
            _view = _view.Without(gone);
        }

        return responses;
    }

    /// <summary>Waits for the next change notice of the folder (IDLE); the next sync reads up to it.</summary>
    public async Task WaitForChangeAsync(CancellationToken cancellationToken) => Keep(await _watch.WaitAsync(cancellationToken));

    private void Keep(ulong notice) => _noticed = notice == 0 ? ulong.MaxValue : Math.Max(_noticed, notice);

    public void Dispose()
    {
        _watch.Dispose();
        _shared.Dispose();
    }
}
