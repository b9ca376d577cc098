using System.Collections.Concurrent;

namespace MlOps.Durable.Runtime;

/// <summary>
/// In-process wake-ups shared by the client and the worker of one host: new orchestration
/// messages, new activity work, and instance updates for waiting clients. Other hosts are
/// reached by polling; these only make the local path fast.
/// </summary>
public sealed class DurableTaskSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> instanceWaiters = new(StringComparer.Ordinal);

    public WorkSignal Orchestrations { get; } = new();

    public WorkSignal Activities { get; } = new();

    /// <summary>A task that completes the next time <paramref name="instanceId"/> is updated by this host.</summary>
    public Task NextUpdateOf(string instanceId) =>
        instanceWaiters.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void InstanceUpdated(string instanceId)
    {
        if (instanceWaiters.TryRemove(instanceId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>Wakes the orchestration dispatcher when a durable timer comes due.</summary>
    public void WakeAt(DateTime utc, TimeProvider time)
    {
        var delay = utc - time.GetUtcNow().UtcDateTime;
        if (delay <= TimeSpan.Zero)
        {
            Orchestrations.Set();
            return;
        }
        _ = Task.Delay(delay + TimeSpan.FromMilliseconds(1), time).ContinueWith(_ => Orchestrations.Set(), TaskScheduler.Default);
    }
}
