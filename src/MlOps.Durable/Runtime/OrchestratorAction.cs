namespace MlOps.Durable.Runtime;

internal enum OrchestratorActionType
{
    ScheduleTask,
    CreateTimer,
    CreateSubOrchestration,
    SendEvent,
}

/// <summary>Something orchestration code asked for in a turn; recorded in history and sent out at commit.</summary>
internal sealed record OrchestratorAction(
    OrchestratorActionType Type,
    int TaskId,
    string? Name = null,
    string? Input = null,
    DateTime? FireAt = null,
    string? InstanceId = null)
{
    public HistoryEventType RecordedAs => Type switch
    {
        OrchestratorActionType.ScheduleTask => HistoryEventType.TaskScheduled,
        OrchestratorActionType.CreateTimer => HistoryEventType.TimerCreated,
        OrchestratorActionType.CreateSubOrchestration => HistoryEventType.SubOrchestrationInstanceCreated,
        _ => HistoryEventType.EventSent,
    };

    public HistoryEvent ToHistoryEvent(DateTime timestamp) => new()
    {
        EventType = RecordedAs,
        Timestamp = timestamp,
        TaskId = TaskId,
        Name = Name,
        Input = Input,
        FireAt = FireAt,
        InstanceId = InstanceId,
    };

    public override string ToString() => Type switch
    {
        OrchestratorActionType.ScheduleTask => $"schedule activity '{Name}' (task {TaskId})",
        OrchestratorActionType.CreateTimer => $"create a timer (task {TaskId})",
        OrchestratorActionType.CreateSubOrchestration => $"start sub-orchestration '{Name}' (task {TaskId})",
        _ => $"send event '{Name}' to '{InstanceId}' (task {TaskId})",
    };
}
