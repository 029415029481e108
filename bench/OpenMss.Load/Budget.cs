namespace OpenMss.Load;

/// <summary>How much work a run may still do: a number of operations, a duration, and a stop request (SIGINT/SIGTERM).</summary>
internal sealed class Budget(long count, TimeSpan duration, CancellationToken stop)
{
    private readonly DateTime _deadline = DateTime.UtcNow + duration;
    private long _remaining = count <= 0 ? long.MaxValue : count;

    public bool Active => !stop.IsCancellationRequested && DateTime.UtcNow < _deadline && Interlocked.Read(ref _remaining) > 0;

    /// <summary>Takes one operation from the budget, if any is left.</summary>
    public bool TryTake() => Active && Interlocked.Decrement(ref _remaining) >= 0;

    /// <summary>Waits until the duration is over or a stop is asked for (for scenarios that hold sessions).</summary>
    public async Task WaitAsync()
    {
        var left = _deadline - DateTime.UtcNow;
        if (left > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(left, stop);
            }
            catch (OperationCanceledException)
            {
                // Stopped early: the caller reports what it held.
            }
        }
    }
}
