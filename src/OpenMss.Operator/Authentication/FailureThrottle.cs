using System.Collections.Concurrent;

namespace OpenMss.Operator.Authentication;

/// <summary>
/// Slows guessing: after <see cref="MaxFailures"/> failures for one key (an address, an IdNat) within
/// <see cref="Window"/>, that key is refused until the window has passed since its first failure; a success clears
/// it. At most <see cref="MaxKeys"/> keys are tracked, the stale ones dropped first.
/// </summary>
public sealed class FailureThrottle<TKey>(TimeProvider clock)
    where TKey : notnull
{
    public const int MaxFailures = 5;
    public const int MaxKeys = 100_000;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<TKey, (int Failures, DateTimeOffset Since)> _failures = new();

    public bool IsBlocked(TKey key) =>
        _failures.TryGetValue(key, out var entry) && entry.Failures >= MaxFailures && clock.GetUtcNow() - entry.Since < Window;

    public void Failed(TKey key)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count >= MaxKeys)
        {
            foreach (var stale in _failures.Where(f => now - f.Value.Since >= Window).Select(f => f.Key).ToList())
            {
                _failures.TryRemove(stale, out _);
            }
        }

        _failures.AddOrUpdate(key, (1, now), (_, entry) => now - entry.Since >= Window ? (1, now) : (entry.Failures + 1, entry.Since));
    }

    public void Succeeded(TKey key) => _failures.TryRemove(key, out _);
}
