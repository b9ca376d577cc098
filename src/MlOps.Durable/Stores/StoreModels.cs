namespace MlOps.Durable.Stores;

/// <summary>A new instance to create: a client start, or a sub-orchestration started by a turn.</summary>
public sealed record NewOrchestrationInstance(
    string InstanceId,
    string Name,
    string ExecutionId,
    string? Input,
    ParentInstance? Parent,
    DateTime CreatedAt,
    DistributedTraceContext? TraceContext = null);

/// <summary>What a start did: created the instance, or found one already there (kept as is).</summary>
public sealed record CreateInstanceOutcome(bool Created, OrchestrationRuntimeStatus? ExistingStatus);

/// <summary>An instance claimed for one turn, held under a lease identified by <see cref="LockToken"/>.</summary>
public sealed record OrchestrationWorkItem(string InstanceId, string LockToken);

/// <summary>An event waiting in an instance's inbox.</summary>
public sealed record InboxMessage(long Id, string? ExecutionId, HistoryEvent Event);

/// <summary>Everything a turn needs: the instance row, the history past what the caller already holds, the inbox.</summary>
public sealed record OrchestrationTurnState(
    string InstanceId,
    string Name,
    string ExecutionId,
    OrchestrationRuntimeStatus Status,
    int HistoryCount,
    int HistoryFrom,
    IReadOnlyList<HistoryEvent> History,
    IReadOnlyList<InboxMessage> Messages);

/// <summary>An activity call to run somewhere; <see cref="TraceContext"/> is the turn that scheduled it.</summary>
public sealed record ActivityRequest(string InstanceId, string ExecutionId, int TaskId, string Name, string? Input, DistributedTraceContext? TraceContext = null);

/// <summary>A message for an instance's inbox, visible from <see cref="VisibleAt"/> (durable timers are messages from the future).</summary>
public sealed record OutgoingMessage(string InstanceId, string? ExecutionId, HistoryEvent Event, DateTime VisibleAt, string? DedupeKey = null);

/// <summary>Everything one turn changes, committed in one transaction or not at all.</summary>
public sealed record OrchestrationTurnCommit
{
    public required OrchestrationWorkItem WorkItem { get; init; }

    public required string ExecutionId { get; init; }

    public required OrchestrationRuntimeStatus Status { get; init; }

    /// <summary>History rows to append, numbered from <see cref="HistoryStart"/>.</summary>
    public required IReadOnlyList<HistoryEvent> NewHistory { get; init; }

    public required int HistoryStart { get; init; }

    public required IReadOnlyList<long> ConsumedMessageIds { get; init; }

    public IReadOnlyList<ActivityRequest> Activities { get; init; } = [];

    public IReadOnlyList<OutgoingMessage> Messages { get; init; } = [];

    public IReadOnlyList<NewOrchestrationInstance> SubOrchestrations { get; init; } = [];

    public string? Output { get; init; }

    public TaskFailureDetails? Failure { get; init; }

    public string? CustomStatus { get; init; }

    /// <summary>The instance had already finished: only drop the consumed messages and release the lease.</summary>
    public bool DiscardOnly { get; init; }

    /// <summary>ContinueAsNew: the history is cleared and the instance restarts as this execution with this input.</summary>
    public (string ExecutionId, string? Input)? Restart { get; init; }
}

/// <summary>An activity call claimed by a host under a lease.</summary>
public sealed record ActivityWorkItem(
    long Id,
    string LockToken,
    string InstanceId,
    string ExecutionId,
    int TaskId,
    string Name,
    string? Input,
    int DeliveryCount,
    DistributedTraceContext? TraceContext = null);

/// <summary>The outcome of one activity call: TaskCompleted or TaskFailed.</summary>
public sealed record ActivityCompletion(ActivityWorkItem WorkItem, HistoryEvent Outcome);
