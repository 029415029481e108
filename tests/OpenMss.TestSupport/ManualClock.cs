namespace OpenMss.TestSupport;

/// <summary>A clock a test moves by hand, so that expiries are tested without waiting (timers stay real).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
