using MlOps.Durable;
using MlOps.Storage.Blobs;

namespace MlOps.Cli.Demo;

/// <summary>
/// Clears what an earlier demo left for its site: survey packages, quarantined ones, model
/// versions, trial outputs and run reports in storage, and finished runs in the durable store.
/// Runs still going are left alone (and the demo stops).
/// </summary>
public static class DemoSiteReset
{
    public static async Task ResetAsync(BlobServiceClient storage, DurableTaskClient durable, string site, CancellationToken cancellationToken)
    {
        foreach (var (container, prefix) in new[]
        {
            ("surveys", $"{site}/"), ("quarantine", $"{site}/"), ("models", $"{site}/"),
            ("trials", $"retrain-{site}-"), ("runs", $"retrain-{site}-"), ("maps", $"{site}/"),
        })
        {
            var client = storage.GetBlobContainerClient(container);
            if (!await client.ExistsAsync(cancellationToken))
            {
                continue;
            }
            var names = new List<string>();
            await foreach (var blob in client.GetBlobsAsync(prefix, cancellationToken: cancellationToken))
            {
                names.Add(blob.Name);
            }
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (name, ct) => await client.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: ct));
        }
        foreach (var prefix in new[] { $"retrain-{site}-", $"rollout-{site}-" })
        {
            await foreach (var instance in durable.QueryInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix }, cancellationToken))
            {
                if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended)
                {
                    throw new InvalidOperationException($"A run for site '{site}' is still going ({instance.InstanceId}, {instance.RuntimeStatus}); let it finish or terminate it before the demo starts over.");
                }
                await durable.PurgeInstanceAsync(instance.InstanceId, cancellationToken);
            }
        }
    }
}
