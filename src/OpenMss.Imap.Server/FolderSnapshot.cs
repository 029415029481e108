using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server;

/// <summary>
/// One immutable state of a folder as IMAP numbers it: UIDs ascending and their flags, at a modseq. Shared by every
/// session that selected the folder and has seen this state, so an idle session costs the same whatever the folder's
/// size. Each snapshot links to the next one and to what changed in between, so a session catches up by walking
/// the changes, not by comparing whole folders.
/// </summary>
internal sealed class FolderSnapshot
{
    private readonly uint[] _uids;
    private readonly FlagSet[] _flags;
    private readonly ulong[] _modSeqs;

    public FolderSnapshot(ulong modSeq, uint[] uids, FlagSet[] flags, ulong[] modSeqs)
    {
        ModSeq = modSeq;
        _uids = uids;
        _flags = flags;
        _modSeqs = modSeqs;
    }

    /// <summary>The folder's highest modseq in this state.</summary>
    public ulong ModSeq { get; }

    public IReadOnlyList<uint> Uids => _uids;

    public int Count => _uids.Length;

    /// <summary>The newer state, once there is one; with what changed to reach it.</summary>
    public FolderSnapshot? Next { get; private set; }

    /// <summary>The UIDs expunged on the way to <see cref="Next"/>.</summary>
    public IReadOnlyList<uint> ExpungedToNext { get; private set; } = [];

    /// <summary>The UIDs added or re-flagged on the way to <see cref="Next"/>.</summary>
    public IReadOnlyList<uint> ChangedToNext { get; private set; } = [];

    public static FolderSnapshot From(ulong modSeq, IReadOnlyList<MessageRecord> messages) =>
        new(modSeq, [.. messages.Select(m => m.Uid)], [.. messages.Select(m => m.Flags)], [.. messages.Select(m => m.ModSeq)]);

    public int IndexOf(uint uid) => Array.BinarySearch(_uids, uid);

    public FlagSet? FlagsOf(uint uid)
    {
        var index = IndexOf(uid);
        return index < 0 ? null : _flags[index];
    }

    /// <summary>The message's modseq (RFC 7162 §3.1), 0 when it is not in this state.</summary>
    public ulong ModSeqOf(uint uid)
    {
        var index = IndexOf(uid);
        return index < 0 ? 0 : _modSeqs[index];
    }

    /// <summary>The next state after the store's changes; links this one to it.</summary>
    public FolderSnapshot Apply(FolderChanges changes)
    {
        var expunged = changes.Expunged.Where(u => IndexOf(u) >= 0).ToHashSet();
        var byUid = new SortedDictionary<uint, (FlagSet Flags, ulong ModSeq)>();
        for (var i = 0; i < _uids.Length; i++)
        {
            if (!expunged.Contains(_uids[i]))
            {
                byUid[_uids[i]] = (_flags[i], _modSeqs[i]);
            }
        }

        var last = _uids.Length == 0 ? 0 : _uids[^1];
        var changed = new List<uint>();
        foreach (var message in changes.Changed)
        {
            // A UID below the last one that is not here was expunged already (or never seen): it does not come back.
            if (byUid.ContainsKey(message.Uid) || message.Uid > last)
            {
                byUid[message.Uid] = (message.Flags, message.ModSeq);
                changed.Add(message.Uid);
            }
        }

        var next = Of(Math.Max(ModSeq, changes.HighestModSeq), byUid);
        ExpungedToNext = [.. expunged];
        ChangedToNext = changed;
        Next = next;
        return next;
    }

    /// <summary>This state without some UIDs (a session's own EXPUNGE, told before the shared state moves on).</summary>
    public FolderSnapshot Without(IReadOnlySet<uint> uids)
    {
        var kept = Enumerable.Range(0, _uids.Length).Where(i => !uids.Contains(_uids[i])).ToList();
        return new FolderSnapshot(ModSeq, [.. kept.Select(i => _uids[i])], [.. kept.Select(i => _flags[i])], [.. kept.Select(i => _modSeqs[i])]);
    }

    /// <summary>This state with UIDs a session still shows (expunges it may not announce yet), as <paramref name="before"/> had them, added back.</summary>
    public FolderSnapshot With(IEnumerable<uint> kept, FolderSnapshot before)
    {
        var byUid = new SortedDictionary<uint, (FlagSet Flags, ulong ModSeq)>();
        foreach (var uid in kept)
        {
            byUid[uid] = (before.FlagsOf(uid)!, before.ModSeqOf(uid));
        }

        for (var i = 0; i < _uids.Length; i++)
        {
            byUid[_uids[i]] = (_flags[i], _modSeqs[i]);
        }

        return Of(ModSeq, byUid);
    }

    private static FolderSnapshot Of(ulong modSeq, SortedDictionary<uint, (FlagSet Flags, ulong ModSeq)> byUid) =>
        new(modSeq, [.. byUid.Keys], [.. byUid.Values.Select(v => v.Flags)], [.. byUid.Values.Select(v => v.ModSeq)]);
}
