using System.Diagnostics;
using MlOps.Durable.Stores;

namespace MlOps.Durable;

/// <summary>
/// The engine's spans, named as Durable Functions' distributed tracing names them:
/// <c>create_orchestration:{name}</c> when a client or a turn starts an instance,
/// <c>orchestration:{name}</c> for each turn (a child of the instance's start), and
/// <c>activity:{name}</c> for each activity run (a child of the turn that scheduled it).
/// </summary>
public static class DurableTelemetry
{
    public const string SourceName = "MlOps.Durable";

    public const string TypeTag = "durabletask.type";
    public const string NameTag = "durabletask.task.name";
    public const string InstanceIdTag = "durabletask.task.instance_id";
    public const string ExecutionIdTag = "durabletask.task.execution_id";
    public const string TaskIdTag = "durabletask.task.task_id";
    public const string StatusTag = "durabletask.runtime_status";

    internal static readonly ActivitySource Source = new(SourceName, typeof(DurableTelemetry).Assembly.GetName().Version?.ToString());

    internal static Activity? StartCreateOrchestration(string name, string instanceId)
    {
        var span = Source.StartActivity($"create_orchestration:{name}", ActivityKind.Producer);
        span?.SetTag(TypeTag, "orchestration");
        span?.SetTag(NameTag, name);
        span?.SetTag(InstanceIdTag, instanceId);
        return span;
    }

    internal static Activity? StartOrchestrationTurn(OrchestrationTurnState state, DistributedTraceContext? started, int replayed, int newEvents)
    {
        var span = Source.StartActivity($"orchestration:{state.Name}", ActivityKind.Server, DistributedTraceContext.ParentOf(started));
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(TypeTag, "orchestration");
            span.SetTag(NameTag, state.Name);
            span.SetTag(InstanceIdTag, state.InstanceId);
            span.SetTag(ExecutionIdTag, state.ExecutionId);
            span.SetTag("durabletask.replayed_events", replayed);
            span.SetTag("durabletask.new_events", newEvents);
        }
        return span;
    }

    internal static Activity? StartActivity(ActivityWorkItem item)
    {
        var span = Source.StartActivity($"activity:{item.Name}", ActivityKind.Server, DistributedTraceContext.ParentOf(item.TraceContext));
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(TypeTag, "activity");
            span.SetTag(NameTag, item.Name);
            span.SetTag(InstanceIdTag, item.InstanceId);
            span.SetTag(ExecutionIdTag, item.ExecutionId);
            span.SetTag(TaskIdTag, item.TaskId);
            span.SetTag("durabletask.delivery_count", item.DeliveryCount);
        }
        return span;
    }
}
