using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OpenMss.Operator.Telemetry;

/// <summary>
/// The operator's instruments and trace source (docs/telemetry.md). Attributes name fronts, protocols, mechanisms and
/// outcomes only: never a token, a key, a body, nor a BAL address.
/// </summary>
public static class OperatorTelemetry
{
    public const string Name = "OpenMss.Operator";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Sessions = Meter.CreateCounter<long>("openmss.sessions", "{session}", "Connections opened, by protocol and front");

    public static readonly UpDownCounter<long> ActiveSessions = Meter.CreateUpDownCounter<long>("openmss.sessions.active", "{session}", "Connections open now");

    public static readonly Counter<long> Authentications = Meter.CreateCounter<long>("openmss.authentications", "{attempt}", "Authentication attempts, by front and outcome");

    public static readonly Histogram<double> AuthenticationDuration = Meter.CreateHistogram<double>("openmss.authentication.duration", "s", "Time from a credential received to the verdict recorded for the audit, by front and outcome");

    public static readonly Histogram<double> PscValidation = Meter.CreateHistogram<double>("openmss.psc.validation.duration", "s", "Time PSC took to judge a token (introspection, cache included)");

    public static readonly Counter<long> Submissions = Meter.CreateCounter<long>("openmss.submissions", "{message}", "Messages accepted: from LPS (submission) or from peers (mta)");

    public static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("openmss.deliveries", "{recipient}", "Inter-operator delivery attempts, by outcome");

    private static Func<(long Pending, double OldestAgeSeconds)> _queue = () => (0, 0);

    static OperatorTelemetry()
    {
        Meter.CreateObservableGauge("openmss.queue.depth", () => _queue().Pending, "{recipient}", "Recipients waiting for the inter-operator MTA");
        Meter.CreateObservableGauge("openmss.queue.oldest.age", () => _queue().OldestAgeSeconds, "s", "How long the oldest waiting recipient has waited");
    }

    public static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);

    /// <summary>Where the queue gauges read from: the snapshot the host's queue monitor refreshes (one host per process).</summary>
    public static void ObserveQueue(Func<(long Pending, double OldestAgeSeconds)> snapshot) => _queue = snapshot;
}
