using MailKit;

namespace OpenMss.Lps.Tests;

/// <summary>A transcript that only counts the connections the SDK opens, so that a test can wait for its retries instead of sleeping.</summary>
internal sealed class ConnectionCounter : IProtocolLogger
{
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _connections;

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    /// <summary>The connections opened so far.</summary>
    public int Count
    {
        get
        {
            lock (_waiters)
            {
                return _connections;
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> connections have been opened.</summary>
    public Task Reached(int count)
    {
        lock (_waiters)
        {
            if (_connections >= count)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, waiter));
            return waiter.Task;
        }
    }

    /// <summary>Runs as each connection opens, before the session goes on (given the connection's number, from 1).</summary>
    public Action<int>? OnConnect { get; set; }

    public void LogConnect(Uri uri)
    {
        int number;
        lock (_waiters)
        {
            number = ++_connections;
            foreach (var waiter in _waiters.Where(w => w.Count <= _connections))
            {
                waiter.Reached.TrySetResult();
            }
        }

        OnConnect?.Invoke(number);
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
    }

    public void Dispose()
    {
        // Shared by every connection of the test; nothing to release.
    }
}
