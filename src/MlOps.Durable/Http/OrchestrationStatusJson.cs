using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Durable.Http;

/// <summary>Writes instance status and history in the JSON shape of Durable Functions' HTTP API.</summary>
internal static class OrchestrationStatusJson
{
    public static JsonObject Status(OrchestrationMetadata metadata, bool showInput, IReadOnlyList<HistoryEvent>? history, bool showHistoryOutput)
    {
        var status = new JsonObject
        {
            ["name"] = metadata.Name,
            ["instanceId"] = metadata.InstanceId,
            ["runtimeStatus"] = metadata.RuntimeStatus.ToString(),
            ["input"] = showInput ? Parse(metadata.SerializedInput) : null,
            ["customStatus"] = Parse(metadata.SerializedCustomStatus),
            ["output"] = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed && metadata.FailureDetails is { } failure
                ? JsonValue.Create(failure.Summary)
                : Parse(metadata.SerializedOutput),
            ["createdTime"] = Time(metadata.CreatedAt.UtcDateTime),
            ["lastUpdatedTime"] = Time(metadata.LastUpdatedAt.UtcDateTime),
        };
        if (metadata.FailureDetails is { } details)
        {
            status["failureDetails"] = Failure(details);
        }
        if (history is not null)
        {
            status["historyEvents"] = History(history, showHistoryOutput);
        }
        return status;
    }

    private static JsonArray History(IReadOnlyList<HistoryEvent> history, bool showOutput)
    {
        var scheduled = new Dictionary<int, HistoryEvent>();
        var answered = new HashSet<int>();
        var events = new JsonArray();
        foreach (var e in history)
        {
            switch (e.EventType)
            {
                case HistoryEventType.OrchestratorStarted:
                    continue;
                case HistoryEventType.TaskScheduled or HistoryEventType.SubOrchestrationInstanceCreated or HistoryEventType.TimerCreated:
                    scheduled[e.TaskId ?? -1] = e;
                    continue;
            }
            var entry = new JsonObject { ["EventType"] = e.EventType.ToString() };
            switch (e.EventType)
            {
                case HistoryEventType.ExecutionStarted:
                    entry["FunctionName"] = e.Name;
                    entry["Input"] = showOutput ? Parse(e.Input) : null;
                    break;
                case HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed or HistoryEventType.SubOrchestrationInstanceCompleted
                    or HistoryEventType.SubOrchestrationInstanceFailed or HistoryEventType.TimerFired:
                    answered.Add(e.TaskId ?? -1);
                    if (scheduled.TryGetValue(e.TaskId ?? -1, out var origin))
                    {
                        if (origin.Name is not null)
                        {
                            entry["FunctionName"] = origin.Name;
                        }
                        entry["ScheduledTime"] = Time(origin.Timestamp);
                        if (origin.InstanceId is not null)
                        {
                            entry["InstanceId"] = origin.InstanceId;
                        }
                    }
                    if (e.EventType == HistoryEventType.TimerFired)
                    {
                        entry["FireAt"] = Time(e.FireAt ?? e.Timestamp);
                    }
                    if (showOutput && e.Result is not null)
                    {
                        entry["Result"] = Parse(e.Result);
                    }
                    if (e.Failure is { } failure)
                    {
                        entry["Reason"] = failure.ErrorMessage;
                        entry["FailureDetails"] = Failure(failure);
                    }
                    break;
                case HistoryEventType.EventRaised or HistoryEventType.EventSent:
                    entry["Name"] = e.Name;
                    entry["Input"] = showOutput ? Parse(e.Input) : null;
                    if (e.InstanceId is not null)
                    {
                        entry["InstanceId"] = e.InstanceId;
                    }
                    break;
                case HistoryEventType.ExecutionCompleted:
                    entry["OrchestrationStatus"] = e.Status?.ToString();
                    entry["Result"] = showOutput || e.Status != OrchestrationRuntimeStatus.Completed ? Parse(e.Result) : null;
                    if (e.Failure is { } completedFailure)
                    {
                        entry["FailureDetails"] = Failure(completedFailure);
                    }
                    break;
                case HistoryEventType.ExecutionTerminated or HistoryEventType.ExecutionSuspended or HistoryEventType.ExecutionResumed:
                    entry["Reason"] = Parse(e.Input);
                    break;
            }
            entry["Timestamp"] = Time(e.Timestamp);
            events.Add(entry);
        }
        foreach (var (taskId, pending) in scheduled.Where(s => !answered.Contains(s.Key)).OrderBy(s => s.Key))
        {
            events.Add(new JsonObject
            {
                ["EventType"] = pending.EventType.ToString(),
                ["FunctionName"] = pending.Name,
                ["TaskId"] = taskId,
                ["Timestamp"] = Time(pending.Timestamp),
            });
        }
        return events;
    }

    private static JsonObject Failure(TaskFailureDetails failure) => new()
    {
        ["ErrorType"] = failure.ErrorType,
        ["ErrorMessage"] = failure.ErrorMessage,
    };

    public static JsonNode? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }

    public static string Time(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
