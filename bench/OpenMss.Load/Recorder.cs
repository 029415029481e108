using System.Collections.Concurrent;
using System.Diagnostics;

namespace OpenMss.Load;

/// <summary>
/// What a run saw: latencies of successful operations (kept per worker, merged at the end, so recording takes no
/// lock) and failures by kind with one example message each.
/// </summary>
internal sealed class Recorder
{
    private readonly ConcurrentBag<List<double>> _latencies = [];
    private readonly ConcurrentDictionary<ErrorKind, long> _errors = new();
    private readonly ConcurrentDictionary<ErrorKind, string> _examples = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>A latency list for one worker.</summary>
    public List<double> Worker()
    {
        var latencies = new List<double>();
        _latencies.Add(latencies);
        return latencies;
    }

    public void Failure(LoadException failure)
    {
        _errors.AddOrUpdate(failure.Kind, 1, (_, n) => n + 1);
        _examples.TryAdd(failure.Kind, failure.Message);
    }

    /// <summary>Stops the clock: throughput is counted up to here.</summary>
    public void Stop() => _clock.Stop();

    public double[] SortedLatencies()
    {
        var all = _latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return all;
    }

    public IReadOnlyDictionary<string, long> Errors => _errors.ToDictionary(e => e.Key.ToString().ToLowerInvariant(), e => e.Value);

    public IReadOnlyDictionary<string, string> ErrorExamples => _examples.ToDictionary(e => e.Key.ToString().ToLowerInvariant(), e => e.Value);
}
