using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OpenMss.TestSupport;

/// <summary>Keeps every formatted log line, with its structured values, for tests of what logs may say.</summary>
public sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
        Lines.Enqueue($"{eventId.Id} {formatter(state, exception)} {values} {exception}");
    }
}
