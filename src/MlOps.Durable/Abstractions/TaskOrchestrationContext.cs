using Microsoft.Extensions.Logging;

namespace MlOps.Durable;

/// <summary>
/// What orchestration code uses to schedule durable work. Orchestration code is replayed from
/// history after every await that completes, so it must be deterministic: take time from
/// <see cref="CurrentUtcDateTime"/>, ids from <see cref="NewGuid"/>, and do I/O only in activities.
/// </summary>
public abstract class TaskOrchestrationContext
{
    public abstract string Name { get; }

    public abstract string InstanceId { get; }

    /// <summary>The time of the current turn, the same on every replay of it.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the code is re-running over history that was already recorded.</summary>
    public abstract bool IsReplaying { get; }

    public abstract T? GetInput<T>();

    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    public async Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        await CallActivityAsync<object?>(name, input, options);

    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null);

    public async Task CallSubOrchestratorAsync(string orchestratorName, object? input = null, TaskOptions? options = null) =>
        await CallSubOrchestratorAsync<object?>(orchestratorName, input, options);

    /// <summary>A durable timer: completes at <paramref name="fireAt"/> (UTC), even across host restarts.</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>
    /// Waits for an event raised to this instance under <paramref name="eventName"/>
    /// (case-insensitive). Events raised before the wait are kept and delivered in order.
    /// </summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="WaitForExternalEvent{T}(string, CancellationToken)"/>, throwing
    /// <see cref="TaskCanceledException"/> when no event arrives within <paramref name="timeout"/> (a durable timer).</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout);

    /// <summary>Restarts this instance with a fresh history and <paramref name="newInput"/> once the code returns.</summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>Sends an event to another orchestration instance (delivered once this turn commits).</summary>
    public abstract void SendEvent(string instanceId, string eventName, object? payload);

    /// <summary>A GUID that is the same on every replay (name-based, from the instance id and turn time).</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes only when the code is not replaying, so each line appears once.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}
