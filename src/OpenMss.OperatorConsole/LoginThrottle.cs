using System.Collections.Concurrent;
using System.Net;

namespace OpenMss.OperatorConsole;

/// <summary>
/// Slows password guessing at the console: after <see cref="MaxFailures"/> failed logins from one address within
/// <see cref="Window"/>, that address is refused until the window has passed since its first failure. A success clears it.
/// </summary>
public sealed class LoginThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private const int MaxTrackedAddresses = 100_000;

    private readonly ConcurrentDictionary<IPAddress, (int Failures, DateTimeOffset Since)> _failures = new();

    public bool IsBlocked(IPAddress address) =>
        _failures.TryGetValue(address, out var entry) && entry.Failures >= MaxFailures && clock.GetUtcNow() - entry.Since < Window;

    public void Failed(IPAddress address)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count >= MaxTrackedAddresses)
        {
            foreach (var stale in _failures.Where(f => now - f.Value.Since >= Window).Select(f => f.Key).ToList())
            {
                _failures.TryRemove(stale, out _);
            }
        }

        _failures.AddOrUpdate(address, (1, now), (_, entry) => now - entry.Since >= Window ? (1, now) : (entry.Failures + 1, entry.Since));
    }

    public void Succeeded(IPAddress address) => _failures.TryRemove(address, out _);
}
