using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenMss.Operator.Telemetry;
using OpenMss.Storage;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OpenMss.Operator.Hosting;

/// <summary>
/// OpenTelemetry (docs/telemetry.md): the operator's and the store's metrics, scraped by Prometheus at
/// <c>/metrics</c> on the admin listener, and, when <c>Telemetry:Otlp</c> names a collector, metrics and traces
/// exported over OTLP. <c>Telemetry:Enabled=false</c> turns it all off.
/// </summary>
public static class TelemetryHosting
{
    public static bool Configure(IServiceCollection services, IConfiguration configuration, IMailStore store)
    {
        if (!configuration.GetValue("Telemetry:Enabled", true))
        {
            return false;
        }

        var otlp = configuration["Telemetry:Otlp"] is { Length: > 0 } endpoint ? new Uri(endpoint) : null;
        services.AddSingleton(provider => new QueueMonitor(store, provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService(provider => provider.GetRequiredService<QueueMonitor>());
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("openmss", serviceInstanceId: Jobs.JobScheduler.NodeName()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OperatorTelemetry.Name, StoreTelemetry.Name).AddPrometheusExporter();
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(options => options.Endpoint = otlp);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(OperatorTelemetry.Name);
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(options => options.Endpoint = otlp);
                }
            });
        return true;
    }

    public static void Map(WebApplication app)
    {
        var monitor = app.Services.GetRequiredService<QueueMonitor>();
        OperatorTelemetry.ObserveQueue(monitor.Snapshot);
        app.MapPrometheusScrapingEndpoint("/metrics");
    }
}
