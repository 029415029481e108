namespace OpenMss.TestSupport;

/// <summary>The real time moved by an offset a test sets: a sandbox on this clock issues tokens that a validator on the
/// system clock sees as expired once the offset is moved back, and sessions age without waiting.</summary>
public sealed class OffsetClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Shift(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
