using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlOps.Durable.Stores;

namespace MlOps.Durable.Runtime;

/// <summary>
/// Turns a loaded instance (history + inbox) into the commit of one turn: filters the inbox
/// (stale executions, duplicate outcomes), runs the code through the executor, and gathers the
/// new history, outgoing work and status.
/// </summary>
internal sealed class OrchestrationTurnProcessor(
    DurableTaskRegistry registry,
    IServiceProvider services,
    ILoggerFactory loggerFactory,
    TimeProvider time)
{
    private readonly ILogger logger = loggerFactory.CreateLogger("MlOps.Durable.Orchestrations");

    private static readonly HashSet<HistoryEventType> OutcomeTypes =
    [
        HistoryEventType.TaskCompleted, HistoryEventType.TaskFailed, HistoryEventType.TimerFired,
        HistoryEventType.SubOrchestrationInstanceCompleted, HistoryEventType.SubOrchestrationInstanceFailed,
    ];

    public OrchestrationTurnCommit? Process(OrchestrationWorkItem workItem, OrchestrationTurnState state, IReadOnlyList<HistoryEvent> history)
    {
        var consumed = state.Messages.Select(m => m.Id).ToList();
        if (state.Status.IsTerminal())
        {
            return Discard(workItem, state, consumed);
        }

        var answered = new HashSet<int>();
        var started = false;
        foreach (var e in history)
        {
            if (OutcomeTypes.Contains(e.EventType) && e.TaskId is { } id)
            {
                answered.Add(id);
            }
            started |= e.EventType == HistoryEventType.ExecutionStarted;
        }
        var newEvents = new List<HistoryEvent>();
        var ordered = state.Messages
            .Where(m => m.ExecutionId is null || m.ExecutionId == state.ExecutionId)
            .OrderBy(m => m.Event.EventType == HistoryEventType.ExecutionStarted ? 0 : 1)
            .ThenBy(m => m.Id);
        foreach (var message in ordered)
        {
            var e = message.Event;
            if (e.EventType == HistoryEventType.ExecutionStarted)
            {
                if (started)
                {
                    continue;
                }
                started = true;
            }
            else if (OutcomeTypes.Contains(e.EventType) && !answered.Add(e.TaskId ?? -1))
            {
                continue; // a second outcome for the same call (at-least-once delivery): applied once only
            }
            newEvents.Add(e);
        }
        if (!started)
        {
            return newEvents.Count == 0 ? Discard(workItem, state, consumed) : null;
        }
        if (newEvents.Count == 0)
        {
            return Discard(workItem, state, consumed);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var turnStarted = new HistoryEvent { EventType = HistoryEventType.OrchestratorStarted, Timestamp = now };
        newEvents.Insert(0, turnStarted);
        var startedEvent = history.Concat(newEvents).First(e => e.EventType == HistoryEventType.ExecutionStarted);
        var parent = startedEvent.Parent;
        using var span = DurableTelemetry.StartOrchestrationTurn(state, startedEvent.TraceContext, history.Count, newEvents.Count);
        // Work this turn schedules continues its trace; without a listener the instance's own context is passed on.
        var turnTrace = DistributedTraceContext.From(span) ?? startedEvent.TraceContext;
        var result = Execute(state, history, newEvents);

        var newHistory = new List<HistoryEvent>(newEvents.Count + result.NewActions.Count + 1);
        newHistory.AddRange(newEvents);
        var activities = new List<ActivityRequest>();
        var messages = new List<OutgoingMessage>();
        var children = new List<NewOrchestrationInstance>();
        var keepActions = result.Outcome is null or OrchestrationOutcome.Completed or OrchestrationOutcome.ContinuedAsNew;
        if (keepActions)
        {
            foreach (var action in result.NewActions)
            {
                newHistory.Add(action.ToHistoryEvent(now));
                switch (action.Type)
                {
                    case OrchestratorActionType.ScheduleTask:
                        activities.Add(new ActivityRequest(state.InstanceId, state.ExecutionId, action.TaskId, action.Name!, action.Input, turnTrace));
                        break;
                    case OrchestratorActionType.CreateTimer:
                        var fireAt = action.FireAt!.Value;
                        messages.Add(new OutgoingMessage(state.InstanceId, state.ExecutionId,
                            new HistoryEvent { EventType = HistoryEventType.TimerFired, Timestamp = fireAt, TaskId = action.TaskId, FireAt = fireAt },
                            fireAt, $"timer:{state.ExecutionId}:{action.TaskId}"));
                        break;
                    case OrchestratorActionType.CreateSubOrchestration:
                        children.Add(new NewOrchestrationInstance(action.InstanceId!, action.Name!, NewExecutionId(), action.Input,
                            new ParentInstance(state.InstanceId, state.ExecutionId, action.TaskId, state.Name), now, turnTrace));
                        break;
                    case OrchestratorActionType.SendEvent:
                        messages.Add(new OutgoingMessage(action.InstanceId!, null,
                            new HistoryEvent { EventType = HistoryEventType.EventRaised, Timestamp = now, Name = action.Name, Input = action.Input }, now));
                        break;
                }
            }
        }

        var commit = new OrchestrationTurnCommit
        {
            WorkItem = workItem,
            ExecutionId = state.ExecutionId,
            Status = result.IsSuspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running,
            NewHistory = newHistory,
            HistoryStart = state.HistoryCount,
            ConsumedMessageIds = consumed,
            Activities = activities,
            Messages = messages,
            SubOrchestrations = children,
            CustomStatus = result.CustomStatus,
        };
        span?.SetTag(DurableTelemetry.StatusTag, (result.Outcome switch
        {
            OrchestrationOutcome.Completed => OrchestrationRuntimeStatus.Completed,
            OrchestrationOutcome.Failed => OrchestrationRuntimeStatus.Failed,
            OrchestrationOutcome.Terminated => OrchestrationRuntimeStatus.Terminated,
            OrchestrationOutcome.ContinuedAsNew => OrchestrationRuntimeStatus.ContinuedAsNew,
            _ => commit.Status,
        }).ToString());
        if (result.Outcome is OrchestrationOutcome.Failed { Failure: var failure })
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, failure.Summary);
        }
        switch (result.Outcome)
        {
            case OrchestrationOutcome.Completed completed:
                newHistory.Add(new HistoryEvent { EventType = HistoryEventType.ExecutionCompleted, Timestamp = now, Status = OrchestrationRuntimeStatus.Completed, Result = completed.Output });
                NotifyParent(parent, messages, now, new HistoryEvent { EventType = HistoryEventType.SubOrchestrationInstanceCompleted, Timestamp = now, TaskId = parent?.TaskId, Result = completed.Output });
                return commit with { Status = OrchestrationRuntimeStatus.Completed, Output = completed.Output };
            case OrchestrationOutcome.Failed failed:
                newHistory.Add(new HistoryEvent { EventType = HistoryEventType.ExecutionCompleted, Timestamp = now, Status = OrchestrationRuntimeStatus.Failed, Failure = failed.Failure });
                NotifyParent(parent, messages, now, new HistoryEvent { EventType = HistoryEventType.SubOrchestrationInstanceFailed, Timestamp = now, TaskId = parent?.TaskId, Failure = failed.Failure });
                logger.LogWarning("Orchestration '{Name}' ({InstanceId}) failed: {Failure}", state.Name, state.InstanceId, failed.Failure.Summary);
                return commit with { Status = OrchestrationRuntimeStatus.Failed, Failure = failed.Failure };
            case OrchestrationOutcome.Terminated terminated:
                newHistory.Add(new HistoryEvent { EventType = HistoryEventType.ExecutionCompleted, Timestamp = now, Status = OrchestrationRuntimeStatus.Terminated, Result = terminated.Reason });
                NotifyParent(parent, messages, now, new HistoryEvent
                {
                    EventType = HistoryEventType.SubOrchestrationInstanceFailed, Timestamp = now, TaskId = parent?.TaskId,
                    Failure = new TaskFailureDetails("Terminated", $"Sub-orchestration '{state.InstanceId}' was terminated: {terminated.Reason}"),
                });
                return commit with { Status = OrchestrationRuntimeStatus.Terminated, Output = terminated.Reason };
            case OrchestrationOutcome.ContinuedAsNew continued:
                var executionId = NewExecutionId();
                var restartMessages = new List<OutgoingMessage>
                {
                    new(state.InstanceId, executionId, new HistoryEvent
                    {
                        EventType = HistoryEventType.ExecutionStarted, Timestamp = now, Name = state.Name, Input = continued.Input, Parent = parent,
                        TraceContext = startedEvent.TraceContext,
                    }, now),
                };
                restartMessages.AddRange(continued.CarriedEvents.Select(e => new OutgoingMessage(state.InstanceId, executionId, e, now)));
                restartMessages.AddRange(messages.Where(m => m.InstanceId != state.InstanceId));
                return commit with
                {
                    Status = OrchestrationRuntimeStatus.ContinuedAsNew,
                    NewHistory = [],
                    Activities = [],
                    Messages = restartMessages,
                    Restart = (executionId, continued.Input),
                };
            default:
                return commit;
        }
    }

    private OrchestrationTurnResult Execute(OrchestrationTurnState state, IReadOnlyList<HistoryEvent> history, List<HistoryEvent> newEvents)
    {
        using var scope = services.CreateScope();
        if (!registry.TryCreateOrchestrator(state.Name, scope.ServiceProvider, out var orchestrator))
        {
            return new OrchestrationTurnResult([], new OrchestrationOutcome.Failed(new TaskFailureDetails(
                "OrchestratorNotFound", $"No orchestrator named '{state.Name}' is registered with this worker.")), null, false);
        }
        try
        {
            return OrchestrationExecutor.Execute(orchestrator, state.Name, state.InstanceId, history, newEvents, loggerFactory);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Orchestration '{Name}' ({InstanceId}) could not be run", state.Name, state.InstanceId);
            return new OrchestrationTurnResult([], new OrchestrationOutcome.Failed(TaskFailureDetails.FromException(e)), null, false);
        }
    }

    private static void NotifyParent(ParentInstance? parent, List<OutgoingMessage> messages, DateTime now, HistoryEvent outcome)
    {
        if (parent is not null)
        {
            messages.Add(new OutgoingMessage(parent.InstanceId, parent.ExecutionId, outcome, now, $"sub:{parent.ExecutionId}:{parent.TaskId}"));
        }
    }

    private static OrchestrationTurnCommit Discard(OrchestrationWorkItem workItem, OrchestrationTurnState state, List<long> consumed) => new()
    {
        WorkItem = workItem,
        ExecutionId = state.ExecutionId,
        Status = state.Status,
        NewHistory = [],
        HistoryStart = state.HistoryCount,
        ConsumedMessageIds = consumed,
        DiscardOnly = true,
    };

    internal static string NewExecutionId() => Guid.NewGuid().ToString("N");
}
