using System.Text;
using MailKit;

namespace OpenMss.Lps.Tests;

/// <summary>
/// A transcript that only counts the connections the SDK opens and the IDLEs the operator accepted, so that a test
/// can wait for its retries, or move the clock only once a session idles, instead of sleeping.
/// </summary>
internal sealed class ConnectionCounter : IProtocolLogger
{
    private readonly Lock _lock = new();
    private readonly List<(Func<int> Counted, int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _connections;
    private int _idles;

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    /// <summary>The connections opened so far.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _connections;
            }
        }
    }

    /// <summary>Runs as each connection opens, before the session goes on (given the connection's number, from 1).</summary>
    public Action<int>? OnConnect { get; set; }

    /// <summary>Completes once <paramref name="count"/> connections have been opened.</summary>
    public Task Reached(int count) => Waiter(() => _connections, count);

    /// <summary>
    /// Completes once the operator has answered <paramref name="count"/> IDLE commands with its continuation: the
    /// session is then idling, its renewal timer armed (RFC 2177).
    /// </summary>
    public Task IdlesReached(int count) => Waiter(() => _idles, count);

    public void LogConnect(Uri uri)
    {
        int number;
        lock (_lock)
        {
            number = ++_connections;
            Release();
        }

        OnConnect?.Invoke(number);
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
        // MailKit logs what it read: a buffer may hold several lines, and the continuation is the operator's "+ idling".
        var text = Encoding.ASCII.GetString(buffer, offset, count);
        var idles = 0;
        for (var at = text.IndexOf("+ idling", StringComparison.Ordinal); at >= 0; at = text.IndexOf("+ idling", at + 1, StringComparison.Ordinal))
        {
            idles++;
        }

        if (idles > 0)
        {
            lock (_lock)
            {
                _idles += idles;
                Release();
            }
        }
    }

    public void Dispose()
    {
        // Shared by every connection of the test; nothing to release.
    }

    private Task Waiter(Func<int> counted, int count)
    {
        lock (_lock)
        {
            if (counted() >= count)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((counted, count, waiter));
            return waiter.Task;
        }
    }

    private void Release()
    {
        foreach (var waiter in _waiters.Where(w => w.Counted() >= w.Count).ToList())
        {
            waiter.Reached.TrySetResult();
            _waiters.Remove(waiter);
        }
    }
}
