using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenMss.Storage;

namespace OpenMss.Operator.Hosting;

/// <summary>Healthy while the store answers a trivial query.</summary>
internal sealed class StoreHealthCheck(IMailStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.IsHealthyAsync(cancellationToken)
            ? HealthCheckResult.Healthy($"store {store.Description}")
            : HealthCheckResult.Unhealthy($"store {store.Description} does not answer");
}
