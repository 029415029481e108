using System.Diagnostics.Metrics;

namespace OpenMss.Psc;

/// <summary>Validations by outcome and problem, cache hits, and PSC latency by endpoint.</summary>
public sealed class PscMetrics : IDisposable
{
    public const string MeterName = "OpenMss.Psc";

    private readonly Meter _meter;
    private readonly Counter<long> _validations;
    private readonly Counter<long> _cacheHits;
    private readonly Histogram<double> _latency;

    public PscMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _validations = _meter.CreateCounter<long>("openmss.psc.validations", description: "Token validations by outcome and problem.");
        _cacheHits = _meter.CreateCounter<long>("openmss.psc.cache_hits", description: "Validations answered from the cache.");
        _latency = _meter.CreateHistogram<double>("openmss.psc.request.duration", unit: "ms", description: "Time PSC took to answer.");
    }

    public void Validation(TokenValidation result) =>
        _validations.Add(1, new("outcome", result.Outcome.ToString().ToLowerInvariant()), new("problem", result.Problem.ToString()));

    public void CacheHit() => _cacheHits.Add(1);

    public void Latency(string endpoint, TimeSpan elapsed) => _latency.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("endpoint", endpoint));

    public void Dispose() => _meter.Dispose();
}
