using System.Collections.Concurrent;
using System.Net;

namespace OpenMss.Net;

/// <summary>Counts open connections per remote address, so one client cannot take every session slot.</summary>
public sealed class AddressLimiter(int maxPerAddress)
{
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();

    public int MaxPerAddress => maxPerAddress;

    /// <summary>Raised once a connection's slot is given back, so that whoever waits for room learns it without polling.</summary>
    public event Action<IPAddress>? Released;

    /// <returns>A lease to dispose when the connection ends, or null when the address is at its limit.</returns>
    public IDisposable? TryAcquire(IPAddress? address)
    {
        address ??= IPAddress.None;
        while (true)
        {
            var current = _open.GetOrAdd(address, 0);
            if (current >= maxPerAddress)
            {
                return null;
            }

            if (_open.TryUpdate(address, current + 1, current))
            {
                return new Lease(this, address);
            }
        }
    }

    private void Release(IPAddress address)
    {
        while (true)
        {
            var current = _open[address];
            if (current <= 1 ? ((ICollection<KeyValuePair<IPAddress, int>>)_open).Remove(new(address, current)) : _open.TryUpdate(address, current - 1, current))
            {
                Released?.Invoke(address);
                return;
            }
        }
    }

    private sealed class Lease(AddressLimiter owner, IPAddress address) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(address);
            }
        }
    }
}
