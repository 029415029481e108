using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace OpenMss.Psc;

/// <summary>
/// Verdicts by SHA-256 of the token (the token itself is never kept), each until its own deadline, at most
/// <c>capacity</c> entries: when full, expired entries go first, then those closest to expiry.
/// </summary>
internal sealed class TokenCache(int capacity, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (TokenValidation Result, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public static string Key(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public bool TryGet(string key, out TokenValidation result)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Until > clock.GetUtcNow())
        {
            result = entry.Result;
            return true;
        }

        result = null!;
        return false;
    }

    public void Put(string key, TokenValidation result, DateTimeOffset until)
    {
        if (until <= clock.GetUtcNow())
        {
            return;
        }

        if (_entries.Count >= capacity)
        {
            Evict();
        }

        _entries[key] = (result, until);
    }

    private void Evict()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (entry.Until <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }

        // Still full: drop the tenth closest to expiry, so eviction work is amortised over many inserts.
        if (_entries.Count >= capacity)
        {
            foreach (var key in _entries.OrderBy(e => e.Value.Until).Take(Math.Max(1, capacity / 10)).Select(e => e.Key).ToList())
            {
                _entries.TryRemove(key, out _);
            }
        }
    }
}
