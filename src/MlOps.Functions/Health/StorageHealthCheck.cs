using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlOps.Storage.Blobs;

namespace MlOps.Functions.Health;

/// <summary>Ready when the blob service answers (whether or not the surveys container exists yet).</summary>
public sealed class StorageHealthCheck(BlobServiceClient storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await storage.GetBlobContainerClient("surveys").ExistsAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException)
        {
            return HealthCheckResult.Unhealthy("blob storage did not answer", e);
        }
    }
}
