using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenMss.Load;

/// <summary>A run's figures: JSON on stdout for scripts, one human line on stderr.</summary>
internal sealed record Report(
    string Scenario,
    string Server,
    string Mechanism,
    int Clients,
    long Operations,
    double Seconds,
    double PerSecond,
    Latency LatencyMs,
    IReadOnlyDictionary<string, long> Errors,
    IReadOnlyDictionary<string, string> ErrorExamples,
    ServerFigures? ServerProcess,
    IdleFigures? Idle)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Report From(string scenario, LoadSettings settings, Recorder recorder, ServerFigures? server, IdleFigures? idle = null)
    {
        var latencies = recorder.SortedLatencies();
        var seconds = recorder.Elapsed.TotalSeconds;
        return new Report(
            scenario,
            settings.Server.ToString(),
            settings.Credentials.Mechanism,
            settings.Clients,
            latencies.Length,
            Math.Round(seconds, 2),
            Math.Round(latencies.Length / seconds, 1),
            Latency.Of(latencies),
            recorder.Errors,
            recorder.ErrorExamples,
            server,
            idle);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public string Summary()
    {
        var errors = Errors.Count == 0 ? "no errors" : string.Join(", ", Errors.Select(e => $"{e.Value} {e.Key}"));
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{Scenario} against {Server} ({Mechanism}, {Clients} clients): {Operations} in {Seconds:0.0} s = {PerSecond:0.0}/s; latency ms p50 {LatencyMs.P50:0.00} p90 {LatencyMs.P90:0.00} p99 {LatencyMs.P99:0.00} max {LatencyMs.Max:0.00}; {errors}");
        if (ServerProcess is { } p)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"; server RSS {p.RssStartMib}->{p.RssMaxMib} MiB, CPU {p.CpuPercent}%");
        }

        if (Idle is { } idle)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"; {idle.SessionsHeld} idle sessions held, {idle.KibPerSession?.ToString("0.0", CultureInfo.InvariantCulture) ?? "?"} KiB each, RSS {idle.RssBeforeMib} -> {idle.RssHeldMib} -> {idle.RssAfterMib} MiB after they ended");
        }

        return line;
    }
}

/// <summary>Latency percentiles in milliseconds (nearest rank).</summary>
internal sealed record Latency(double P50, double P90, double P99, double Max)
{
    public static Latency Of(double[] sorted) =>
        sorted.Length == 0 ? new Latency(0, 0, 0, 0) : new Latency(Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99), Math.Round(sorted[^1], 3));

    private static double Rank(double[] sorted, double quantile) =>
        Math.Round(sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)], 3);
}

/// <summary>imap-idle: sessions held at once, and the server's resident memory before and while holding them.</summary>
/// <param name="RssAfterMib">The server's resident memory <c>--settle</c> seconds (10 by default) after the sessions ended: what it gave back.</param>
internal sealed record IdleFigures(int SessionsHeld, double? RssBeforeMib, double? RssHeldMib, double? KibPerSession, double? RssAfterMib);
