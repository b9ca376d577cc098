using MlOps.Durable;

namespace MlOps.Functions.Tests;

internal static class DurableWaits
{
    /// <summary>
    /// Waits for an instance that a trigger is expected to create: until it exists (checked
    /// against the store every 50 ms), then until it has started.
    /// </summary>
    public static async Task<OrchestrationMetadata> WaitForCreatedAndStartedAsync(this DurableTaskClient durable, string instanceId, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (await durable.GetInstanceAsync(instanceId, cancellationToken: deadline.Token) is null)
        {
            await Task.Delay(50, deadline.Token);
        }
        return await durable.WaitForInstanceStartAsync(instanceId, cancellationToken: deadline.Token);
    }
}
