using System.Collections.Concurrent;
using OpenMss.Sandbox;

namespace OpenMss.Conformance.Observation;

/// <summary>Every session and DNS question of one run, in the order they came, with the clock that dated them.</summary>
public sealed class ObservationLog(TimeProvider clock)
{
    private readonly ConcurrentQueue<RecordedSession> _sessions = new();
    private readonly ConcurrentQueue<(DateTimeOffset At, DnsQueryObserved Query)> _queries = new();
    private int _nextId;

    public TimeProvider Clock { get; } = clock;

    public IReadOnlyList<RecordedSession> Sessions => [.. _sessions];

    public IReadOnlyList<(DateTimeOffset At, DnsQueryObserved Query)> DnsQueries => [.. _queries];

    /// <summary>When anything was last seen: the run's quiet time tells the guided mode that a step is over.</summary>
    public DateTimeOffset LastActivity { get; private set; }

    public RecordedSession Begin(string listener, WireProtocol protocol, string? remote)
    {
        var session = new RecordedSession(Interlocked.Increment(ref _nextId), listener, protocol, Clock.GetUtcNow(), remote, Clock);
        _sessions.Enqueue(session);
        Touch();
        return session;
    }

    public void Dns(DnsQueryObserved query)
    {
        _queries.Enqueue((Clock.GetUtcNow(), query));
        Touch();
    }

    public IEnumerable<RecordedSession> On(params string[] listeners) => Sessions.Where(s => listeners.Contains(s.Listener, StringComparer.Ordinal));

    public void Touch() => LastActivity = Clock.GetUtcNow();
}
