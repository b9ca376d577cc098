using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlOps.Durable;

namespace MlOps.Functions.Health;

/// <summary>Ready when the durable store answers a query.</summary>
public sealed class DurableStoreHealthCheck(DurableTaskClient durable) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await durable.QueryInstancesPageAsync(new OrchestrationQuery { PageSize = 1 }, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the durable store did not answer", e);
        }
    }
}
