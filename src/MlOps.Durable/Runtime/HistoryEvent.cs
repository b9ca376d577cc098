using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Durable;

/// <summary>
/// One event of an orchestration's history, and also the shape of a message waiting in an
/// instance's inbox. Which fields are set depends on <see cref="EventType"/>.
/// </summary>
public sealed record HistoryEvent
{
    private static readonly JsonSerializerOptions StorageOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public required HistoryEventType EventType { get; init; }

    public DateTime Timestamp { get; init; }

    /// <summary>Pairs a scheduling event with its outcome (task, timer, sub-orchestration).</summary>
    public int? TaskId { get; init; }

    /// <summary>Activity, orchestration or event name.</summary>
    public string? Name { get; init; }

    /// <summary>Serialized input, event payload, or a reason (terminate, suspend, resume).</summary>
    public string? Input { get; init; }

    /// <summary>Serialized result of a task or of the orchestration.</summary>
    public string? Result { get; init; }

    public TaskFailureDetails? Failure { get; init; }

    public DateTime? FireAt { get; init; }

    /// <summary>Target instance of a sub-orchestration or a sent event.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Final status of the execution (ExecutionCompleted).</summary>
    public OrchestrationRuntimeStatus? Status { get; init; }

    /// <summary>The orchestration that started this one as a sub-orchestration (ExecutionStarted).</summary>
    public ParentInstance? Parent { get; init; }

    /// <summary>The trace the instance's spans join (ExecutionStarted): whatever scheduled it.</summary>
    public DistributedTraceContext? TraceContext { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, StorageOptions);

    public static HistoryEvent FromJson(string json) =>
        JsonSerializer.Deserialize<HistoryEvent>(json, StorageOptions)
        ?? throw new JsonException("A history event was stored as JSON null.");

    public override string ToString() => EventType switch
    {
        HistoryEventType.TaskScheduled => $"TaskScheduled(task {TaskId}, activity '{Name}')",
        HistoryEventType.TimerCreated => $"TimerCreated(task {TaskId}, fire at {FireAt:O})",
        HistoryEventType.SubOrchestrationInstanceCreated => $"SubOrchestrationInstanceCreated(task {TaskId}, orchestrator '{Name}', instance '{InstanceId}')",
        HistoryEventType.EventSent => $"EventSent(task {TaskId}, event '{Name}' to '{InstanceId}')",
        HistoryEventType.EventRaised => $"EventRaised('{Name}')",
        _ when TaskId is not null => $"{EventType}(task {TaskId})",
        _ => EventType.ToString(),
    };
}

/// <summary>Where a sub-orchestration reports its outcome.</summary>
public sealed record ParentInstance(string InstanceId, string ExecutionId, int TaskId, string Name);
