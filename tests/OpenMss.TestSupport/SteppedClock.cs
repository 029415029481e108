using Microsoft.Extensions.Time.Testing;

namespace OpenMss.TestSupport;

/// <summary>
/// A manual clock whose timers fire when the test advances it (FakeTimeProvider), and which lets the test wait until
/// the code under test has a timer running, so that a test advances time only once the server is waiting:
/// deadlines are tested without sleeping and without races.
/// </summary>
public sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    private readonly FakeTimeProvider _inner = new(start);
    private readonly Lock _lock = new();
    private readonly List<ObservedTimer> _timers = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SteppedClock()
        : this(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(this);
        timer.Inner = _inner.CreateTimer(s => { timer.Fired(); callback(s); }, state, dueTime, period);
        timer.Set(dueTime);
        return timer;
    }

    /// <summary>Moves time on; the timers due by then fire.</summary>
    public void Advance(TimeSpan by) => _inner.Advance(by);

    /// <summary>Returns once a timer set now (at the current manual time) to fire in <paramref name="due"/> is running.</summary>
    public async Task WaitForTimerAsync(TimeSpan due, TimeSpan? within = null)
    {
        using var limit = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                var now = GetUtcNow();
                if (_timers.Any(t => t.Due == due && t.SetAt == now))
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(limit.Token);
        }
    }

    private void Changed(ObservedTimer timer, bool running)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _timers.Remove(timer);
            if (running)
            {
                _timers.Add(timer);
            }

            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed class ObservedTimer(SteppedClock clock) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public TimeSpan Due { get; private set; }

        public DateTimeOffset SetAt { get; private set; }

        public void Set(TimeSpan due)
        {
            Due = due;
            SetAt = clock.GetUtcNow();
            clock.Changed(this, due != Timeout.InfiniteTimeSpan);
        }

        public void Fired() => clock.Changed(this, running: false);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = Inner.Change(dueTime, period);
            Set(dueTime);
            return changed;
        }

        public void Dispose()
        {
            Inner.Dispose();
            clock.Changed(this, running: false);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
