using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OpenMss.Storage;

/// <summary>
/// The store's own measures (System.Diagnostics.Metrics, no telemetry package): how long durable commits take, by
/// operation. Exported by whatever host listens to the meter <see cref="Name"/>.
/// </summary>
public static class StoreTelemetry
{
    public const string Name = "OpenMss.Storage";

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "openmss.store.commit.duration", "s", "Time from the start of a write to its durable commit (fsync included)");

    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "openmss.store.commit.batch", "{write}", "Writes (submissions, deliveries, appends) sharing one group commit");

    /// <summary>How many writes one group commit carried.</summary>
    public static void RecordBatch(int writes) => BatchSize.Record(writes);

    /// <summary>Measures from now until disposed: <c>using var _ = StoreTelemetry.Commit("submit");</c></summary>
    public static CommitTimer Commit(string operation) => new(operation, Stopwatch.GetTimestamp());

    public readonly struct CommitTimer(string operation, long started) : IDisposable
    {
        public void Dispose() => CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("operation", operation));
    }
}
