using System.Diagnostics;
using System.Runtime.CompilerServices;
using MlOps.Durable.Runtime;
using MlOps.Durable.Stores;

namespace MlOps.Durable;

/// <summary>
/// Starts, queries and controls orchestration instances of one task hub. Works from any
/// process that can reach the store; in the process that also runs the worker, new work wakes
/// the worker at once.
/// </summary>
public sealed class DurableTaskClient
{
    private static readonly TimeSpan MaxWaitPoll = TimeSpan.FromMilliseconds(500);
    private readonly IOrchestrationStore store;
    private readonly DurableTaskSignals signals;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim initializing = new(1, 1);
    private volatile bool initialized;

    public DurableTaskClient(IOrchestrationStore store, DurableTaskSignals? signals = null, TimeProvider? timeProvider = null)
    {
        this.store = store;
        this.signals = signals ?? new DurableTaskSignals();
        time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The task hub's name.</summary>
    public string Name => store.HubName;

    /// <summary>
    /// Starts a new instance of <paramref name="orchestratorName"/> and returns its id. An id
    /// that is already in use is refused (<see cref="DurableTaskClientException"/>, 409) while
    /// that instance runs, replaced once it has finished, and kept as is when its status is in
    /// <see cref="StartOrchestrationOptions.DedupeStatuses"/>.
    /// </summary>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null,
        StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        await EnsureInitializedAsync(cancellationToken);
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(instanceId);
        using var span = DurableTelemetry.StartCreateOrchestration(orchestratorName, instanceId);
        var outcome = await store.CreateInstanceAsync(new NewOrchestrationInstance(instanceId, orchestratorName,
            OrchestrationTurnProcessor.NewExecutionId(), DurableSerializer.Serialize(input), null, time.GetUtcNow().UtcDateTime,
            DistributedTraceContext.From(span ?? Activity.Current)),
            options?.DedupeStatuses, cancellationToken);
        span?.SetTag("durabletask.created", outcome.Created);
        if (!outcome.Created && options?.DedupeStatuses?.Contains(outcome.ExistingStatus!.Value) != true)
        {
            throw DurableTaskClientException.AlreadyExists(instanceId, outcome.ExistingStatus!.Value);
        }
        if (outcome.Created)
        {
            signals.Orchestrations.Set();
        }
        return instanceId;
    }

    public Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input, string instanceId, CancellationToken cancellationToken = default) =>
        ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, new StartOrchestrationOptions(instanceId), cancellationToken);

    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken);
        return await store.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken);
    }

    /// <summary>One page of instances matching <paramref name="query"/>; pass the returned continuation token for the next.</summary>
    public async Task<OrchestrationQueryPage> QueryInstancesPageAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken);
        return await store.QueryInstancesAsync(query, cancellationToken);
    }

    /// <summary>Every instance matching <paramref name="query"/>, fetched a page at a time.</summary>
    public async IAsyncEnumerable<OrchestrationMetadata> QueryInstancesAsync(OrchestrationQuery? query = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new OrchestrationQuery();
        while (true)
        {
            var page = await QueryInstancesPageAsync(query, cancellationToken);
            foreach (var instance in page.Instances)
            {
                yield return instance;
            }
            if (page.ContinuationToken is null)
            {
                yield break;
            }
            query = query with { ContinuationToken = page.ContinuationToken };
        }
    }

    /// <summary>The recorded history of an instance's current execution, oldest first.</summary>
    public async Task<IReadOnlyList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken);
        return await store.GetHistoryAsync(instanceId, cancellationToken);
    }

    /// <summary>Raises an event to an instance. Events raised before the code waits for them are kept.</summary>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return SendAsync(instanceId, new HistoryEvent
        {
            EventType = HistoryEventType.EventRaised,
            Timestamp = time.GetUtcNow().UtcDateTime,
            Name = eventName,
            Input = DurableSerializer.Serialize(eventPayload),
        }, cancellationToken);
    }

    /// <summary>Ends a running instance; it becomes Terminated with <paramref name="output"/> as its output.</summary>
    public Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, Control(HistoryEventType.ExecutionTerminated, output), cancellationToken);

    /// <summary>Pauses an instance: events and results that arrive meanwhile are kept and applied on resume.</summary>
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, Control(HistoryEventType.ExecutionSuspended, reason), cancellationToken);

    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, Control(HistoryEventType.ExecutionResumed, reason), cancellationToken);

    /// <summary>Deletes a finished instance, its history and its payloads.</summary>
    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken);
        return new PurgeResult(await store.PurgeInstanceAsync(instanceId, cancellationToken) ? 1 : 0);
    }

    public async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken);
        return new PurgeResult(await store.PurgeInstancesAsync(filter, cancellationToken));
    }

    /// <summary>Waits until the instance has left Pending (it has started running, or already finished).</summary>
    public Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellationToken);

    /// <summary>Waits until the instance is Completed, Failed or Terminated.</summary>
    public Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellationToken);

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        var poll = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var updated = signals.NextUpdateOf(instanceId);
            var metadata = await store.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken)
                ?? throw DurableTaskClientException.NotFound(instanceId);
            if (done(metadata))
            {
                return metadata;
            }
            // Woken at once by a turn committed in this process; other hosts' turns are seen by polling.
            await Task.WhenAny(updated, Task.Delay(poll, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            poll = TimeSpan.FromTicks(Math.Min(MaxWaitPoll.Ticks, poll.Ticks * 2));
        }
    }

    private HistoryEvent Control(HistoryEventType type, object? reason) => new()
    {
        EventType = type,
        Timestamp = time.GetUtcNow().UtcDateTime,
        Input = DurableSerializer.Serialize(reason),
    };

    private async Task SendAsync(string instanceId, HistoryEvent message, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        var status = await store.SendMessageAsync(new OutgoingMessage(instanceId, null, message, message.Timestamp), cancellationToken);
        if (status is null)
        {
            throw DurableTaskClientException.NotFound(instanceId);
        }
        if (status.Value.IsTerminal())
        {
            throw DurableTaskClientException.Completed(instanceId, status.Value);
        }
        signals.Orchestrations.Set();
    }

    // The schema is created on first use; a failure (database not up yet) is retried on the next call.
    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (initialized)
        {
            return;
        }
        await initializing.WaitAsync(cancellationToken);
        try
        {
            if (!initialized)
            {
                await store.InitializeAsync(cancellationToken);
                initialized = true;
            }
        }
        finally
        {
            initializing.Release();
        }
    }

    private static void ValidateInstanceId(string instanceId)
    {
        if (string.IsNullOrWhiteSpace(instanceId) || instanceId.Length > 256 || instanceId.Any(char.IsControl) || instanceId.Contains('/') || instanceId.Contains('\\'))
        {
            throw new ArgumentException($"Instance id '{instanceId}' is not valid: 1-256 characters, no control characters, no '/' or '\\'.", nameof(instanceId));
        }
    }
}
