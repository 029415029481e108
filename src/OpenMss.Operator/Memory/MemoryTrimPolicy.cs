namespace OpenMss.Operator.Memory;

/// <summary>What the process holds at one moment: its resident memory, and how many collections ran so far.</summary>
public readonly record struct MemorySample(long ResidentBytes, int Collections);

/// <summary>
/// When a long-running server should give memory back: once it is quiet (at most one collection since the last
/// look, so nobody is allocating) and it holds at least <see cref="ThresholdBytes"/> more than right after the last
/// return (a burst of sessions came and went). Then one aggressive collection and a native trim cost nothing anyone
/// waits for; in a busy process the GC's own rhythm is left alone. The floor starts at zero, so the first quiet
/// moment after start gives back what starting up left.
/// </summary>
public sealed class MemoryTrimPolicy(long thresholdBytes)
{
    private long _floor;
    private MemorySample? _previous;

    public long ThresholdBytes => thresholdBytes;

    /// <summary>Looks at a new sample; true when memory should be given back now.</summary>
    public bool Observe(MemorySample now)
    {
        var previous = _previous;
        _previous = now;
        var quiet = previous is { } p && now.Collections - p.Collections <= 1;
        return quiet && now.ResidentBytes - _floor >= thresholdBytes;
    }

    /// <summary>After memory was given back: what is resident then is the new floor.</summary>
    public void Trimmed(MemorySample after)
    {
        _floor = after.ResidentBytes;
        _previous = after;
    }
}
