using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace MlOps.Durable.Runtime;

/// <summary>
/// The context orchestration code runs against during a turn. It hands out task ids in call
/// order, records the actions the code asks for, and completes the code's awaits as the
/// history events that answer them are applied.
/// </summary>
internal sealed class ReplayOrchestrationContext(
    string name,
    string instanceId,
    ILoggerFactory loggerFactory) : TaskOrchestrationContext
{
    private readonly SortedDictionary<int, OrchestratorAction> pendingActions = [];
    private readonly Dictionary<int, OpenTask> openTasks = [];
    private readonly Dictionary<string, Queue<HistoryEvent>> bufferedEvents = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> eventWaiters = new(StringComparer.OrdinalIgnoreCase);
    private int nextTaskId;
    private int guidCounter;
    private DateTime currentUtcDateTime;
    private bool isReplaying;

    public override string Name { get; } = name;

    public override string InstanceId { get; } = instanceId;

    public override DateTime CurrentUtcDateTime => currentUtcDateTime;

    public override bool IsReplaying => isReplaying;

    public string? SerializedInput { get; set; }

    public string? SerializedCustomStatus { get; private set; }

    public (string? Input, bool PreserveUnprocessedEvents)? ContinueAsNewRequest { get; private set; }

    public IReadOnlyCollection<OrchestratorAction> PendingActions => pendingActions.Values;

    public void SetReplaying(bool replaying) => isReplaying = replaying;

    public void SetCurrentUtcDateTime(DateTime timestamp) => currentUtcDateTime = DateTime.SpecifyKind(timestamp, DateTimeKind.Utc);

    public override T? GetInput<T>() where T : default => DurableSerializer.Deserialize<T>(SerializedInput);

    public override Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var serialized = DurableSerializer.Serialize(input);
        if (options?.Retry is { } retry)
        {
            return RetryAsync(() => ScheduleAsync<TResult>(OrchestratorActionType.ScheduleTask, name, serialized, null), retry.Policy);
        }
        return ScheduleAsync<TResult>(OrchestratorActionType.ScheduleTask, name, serialized, null);
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        var serialized = DurableSerializer.Serialize(input);
        var chosenId = (options as SubOrchestrationOptions)?.InstanceId;
        if (options?.Retry is { } retry)
        {
            return RetryAsync(() => ScheduleAsync<TResult>(OrchestratorActionType.CreateSubOrchestration, orchestratorName, serialized, chosenId), retry.Policy);
        }
        return ScheduleAsync<TResult>(OrchestratorActionType.CreateSubOrchestration, orchestratorName, serialized, chosenId);
    }

    /// <summary>Sends an event to another instance (fire and forget, recorded in history).</summary>
    public override void SendEvent(string targetInstanceId, string eventName, object? payload)
    {
        var taskId = nextTaskId++;
        pendingActions.Add(taskId, new OrchestratorAction(OrchestratorActionType.SendEvent, taskId, eventName, DurableSerializer.Serialize(payload), InstanceId: targetInstanceId));
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var utc = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        var taskId = nextTaskId++;
        var completion = new TaskCompletionSource<string?>();
        pendingActions.Add(taskId, new OrchestratorAction(OrchestratorActionType.CreateTimer, taskId, FireAt: utc));
        openTasks.Add(taskId, new OpenTask("timer", completion));
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (openTasks.Remove(taskId))
                {
                    completion.TrySetCanceled(cancellationToken);
                }
            });
        }
        return completion.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        if (bufferedEvents.TryGetValue(eventName, out var buffered) && buffered.Count > 0)
        {
            var raised = buffered.Dequeue();
            return Task.FromResult(DurableSerializer.Deserialize<T>(raised.Input)!);
        }
        var completion = new TaskCompletionSource<string?>();
        if (!eventWaiters.TryGetValue(eventName, out var waiters))
        {
            eventWaiters[eventName] = waiters = new LinkedList<TaskCompletionSource<string?>>();
        }
        var node = waiters.AddLast(completion);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    waiters.Remove(node);
                    completion.TrySetCanceled(cancellationToken);
                }
            });
        }
        return DeserializeAsync<T>(completion.Task);
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        if (bufferedEvents.TryGetValue(eventName, out var buffered) && buffered.Count > 0)
        {
            return await WaitForExternalEvent<T>(eventName);
        }
        using var cancel = new CancellationTokenSource();
        var eventTask = WaitForExternalEvent<T>(eventName, cancel.Token);
        var timerTask = CreateTimer(CurrentUtcDateTime.Add(timeout), cancel.Token);
        var winner = await Task.WhenAny(eventTask, timerTask);
        if (winner == eventTask)
        {
            cancel.Cancel();
            return await eventTask;
        }
        cancel.Cancel();
        throw new TaskCanceledException($"No '{eventName}' event arrived within {timeout}.");
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        ContinueAsNewRequest = (DurableSerializer.Serialize(newInput), preserveUnprocessedEvents);

    public override void SetCustomStatus(object? customStatus) =>
        SerializedCustomStatus = DurableSerializer.Serialize(customStatus);

    public override Guid NewGuid()
    {
        // A name-based (version 5) UUID, so the same turn yields the same ids on every replay.
        var name = $"{InstanceId}_{CurrentUtcDateTime:O}_{guidCounter++}";
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(name));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public override ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(this, loggerFactory.CreateLogger(categoryName));

    /// <summary>Events raised but not yet consumed by a wait (carried over by ContinueAsNew).</summary>
    public IReadOnlyList<HistoryEvent> UnconsumedEvents() => bufferedEvents.Values.SelectMany(q => q).ToList();

    /// <summary>Checks a recorded scheduling event against what the code asked for on replay.</summary>
    public void MatchRecordedAction(HistoryEvent recorded, int eventIndex)
    {
        var taskId = recorded.TaskId ?? -1;
        if (!pendingActions.Remove(taskId, out var action))
        {
            throw NonDeterminism(eventIndex, recorded,
                $"the code did not ask for it on replay (it has asked for {nextTaskId} task(s) so far)");
        }
        var expected = recorded.EventType;
        if (action.RecordedAs != expected
            || !string.Equals(action.Name, recorded.Name, StringComparison.OrdinalIgnoreCase)
            || (expected == HistoryEventType.SubOrchestrationInstanceCreated && !string.Equals(ResolveChildId(action), recorded.InstanceId, StringComparison.Ordinal)))
        {
            throw NonDeterminism(eventIndex, recorded, $"the code now asks to {action} instead");
        }
    }

    public void CompleteTask(HistoryEvent outcome)
    {
        if (!openTasks.Remove(outcome.TaskId ?? -1, out var open))
        {
            return; // a cancelled timer, or a wait the code no longer has
        }
        switch (outcome.EventType)
        {
            case HistoryEventType.TaskFailed:
            case HistoryEventType.SubOrchestrationInstanceFailed:
                open.Completion.TrySetException(new TaskFailedException(open.Name, outcome.TaskId ?? -1,
                    outcome.Failure ?? new TaskFailureDetails("Unknown", "The task failed without details.")));
                break;
            default:
                open.Completion.TrySetResult(outcome.Result);
                break;
        }
    }

    public void RaiseEvent(HistoryEvent raised)
    {
        var eventName = raised.Name ?? "";
        if (eventWaiters.TryGetValue(eventName, out var waiters) && waiters.First is { } first)
        {
            waiters.RemoveFirst();
            first.Value.TrySetResult(raised.Input);
            return;
        }
        if (!bufferedEvents.TryGetValue(eventName, out var queue))
        {
            bufferedEvents[eventName] = queue = new Queue<HistoryEvent>();
        }
        queue.Enqueue(raised);
    }

    /// <summary>The instance id a sub-orchestration action will get.</summary>
    public string ResolveChildId(OrchestratorAction action) =>
        action.InstanceId ?? $"{InstanceId}:{action.TaskId:D4}";

    private NonDeterministicOrchestrationException NonDeterminism(int eventIndex, HistoryEvent recorded, string what) =>
        new(Name, InstanceId, eventIndex,
            $"Non-deterministic orchestration '{Name}' (instance '{InstanceId}'): history event #{eventIndex} {recorded} " +
            $"was recorded when the code last ran, but {what}. Orchestration code must make the same calls in the same order on every replay.");

    private Task<TResult> ScheduleAsync<TResult>(OrchestratorActionType type, string name, string? input, string? childInstanceId)
    {
        var taskId = nextTaskId++;
        var completion = new TaskCompletionSource<string?>();
        var action = new OrchestratorAction(type, taskId, name, input, InstanceId: childInstanceId);
        if (type == OrchestratorActionType.CreateSubOrchestration)
        {
            action = action with { InstanceId = ResolveChildId(action) };
        }
        pendingActions.Add(taskId, action);
        openTasks.Add(taskId, new OpenTask(name, completion));
        return DeserializeAsync<TResult>(completion.Task);
    }

    private static async Task<T> DeserializeAsync<T>(Task<string?> serialized) =>
        DurableSerializer.Deserialize<T>(await serialized)!;

    private async Task<T> RetryAsync<T>(Func<Task<T>> attempt, RetryPolicy policy)
    {
        var firstAttemptAt = CurrentUtcDateTime;
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException failure)
            {
                if (attemptNumber >= policy.MaxNumberOfAttempts || !policy.HandleFailure(failure.FailureDetails))
                {
                    throw;
                }
                var delay = policy.GetDelay(attemptNumber + 1);
                if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && CurrentUtcDateTime + delay > firstAttemptAt + policy.RetryTimeout)
                {
                    throw;
                }
                await CreateTimer(CurrentUtcDateTime + delay, CancellationToken.None);
            }
        }
    }

    private sealed record OpenTask(string Name, TaskCompletionSource<string?> Completion);

    private sealed class ReplaySafeLogger(ReplayOrchestrationContext context, ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!context.IsReplaying)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
