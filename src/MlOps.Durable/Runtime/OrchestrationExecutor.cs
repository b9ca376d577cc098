using Microsoft.Extensions.Logging;

namespace MlOps.Durable.Runtime;

/// <summary>
/// Runs one turn of an orchestration: replays its recorded history through the code (checking
/// that the code asks for the same things), then applies the new events, and reports the new
/// actions and the outcome. Pure: no I/O, so the same inputs always give the same result.
/// </summary>
internal static class OrchestrationExecutor
{
    public static OrchestrationTurnResult Execute(
        ITaskOrchestrator orchestrator,
        string name,
        string instanceId,
        IReadOnlyList<HistoryEvent> pastEvents,
        IReadOnlyList<HistoryEvent> newEvents,
        ILoggerFactory loggerFactory)
    {
        var context = new ReplayOrchestrationContext(name, instanceId, loggerFactory);
        var scheduler = new DeterministicScheduler();
        var previousContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(scheduler.SynchronizationContext);
        try
        {
            return Run(orchestrator, context, scheduler, pastEvents, newEvents);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }

    private static OrchestrationTurnResult Run(
        ITaskOrchestrator orchestrator,
        ReplayOrchestrationContext context,
        DeterministicScheduler scheduler,
        IReadOnlyList<HistoryEvent> pastEvents,
        IReadOnlyList<HistoryEvent> newEvents)
    {
        Task<object?>? running = null;
        OrchestrationOutcome? outcome = null;
        var suspended = false;
        var heldWhileSuspended = new List<HistoryEvent>();

        void Apply(HistoryEvent e, int index)
        {
            switch (e.EventType)
            {
                case HistoryEventType.OrchestratorStarted:
                    context.SetCurrentUtcDateTime(e.Timestamp);
                    return;
                case HistoryEventType.ExecutionSuspended:
                    suspended = true;
                    return;
                case HistoryEventType.ExecutionResumed:
                    suspended = false;
                    var held = heldWhileSuspended.ToList();
                    heldWhileSuspended.Clear();
                    foreach (var h in held)
                    {
                        Apply(h, index);
                    }
                    return;
                case HistoryEventType.ExecutionTerminated:
                    outcome = new OrchestrationOutcome.Terminated(e.Input);
                    return;
            }
            if (suspended && e.EventType is not (HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated
                    or HistoryEventType.SubOrchestrationInstanceCreated or HistoryEventType.EventSent))
            {
                heldWhileSuspended.Add(e);
                return;
            }
            switch (e.EventType)
            {
                case HistoryEventType.ExecutionStarted:
                    context.SerializedInput = e.Input;
                    object? input;
                    try
                    {
                        input = DurableSerializer.Deserialize(e.Input, orchestrator.InputType);
                    }
                    catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
                    {
                        throw new OrchestrationInputException(
                            $"The input of orchestration '{context.Name}' could not be read as {orchestrator.InputType.Name}: {ex.Message}", ex);
                    }
                    running = scheduler.Start(() => orchestrator.RunAsync(context, input));
                    break;
                case HistoryEventType.TaskScheduled:
                case HistoryEventType.TimerCreated:
                case HistoryEventType.SubOrchestrationInstanceCreated:
                case HistoryEventType.EventSent:
                    context.MatchRecordedAction(e, index);
                    break;
                case HistoryEventType.TaskCompleted:
                case HistoryEventType.TaskFailed:
                case HistoryEventType.TimerFired:
                case HistoryEventType.SubOrchestrationInstanceCompleted:
                case HistoryEventType.SubOrchestrationInstanceFailed:
                    context.CompleteTask(e);
                    break;
                case HistoryEventType.EventRaised:
                    context.RaiseEvent(e);
                    break;
            }
            scheduler.RunUntilIdle();
        }

        try
        {
            var total = pastEvents.Count + newEvents.Count;
            for (var i = 0; i < total && outcome is null; i++)
            {
                var replaying = i < pastEvents.Count;
                var e = replaying ? pastEvents[i] : newEvents[i - pastEvents.Count];
                context.SetReplaying(replaying);
                Apply(e, i);
                if (running is { IsCompleted: true } && outcome is null)
                {
                    outcome = Finish(running, context);
                }
            }
        }
        catch (NonDeterministicOrchestrationException ex)
        {
            outcome = new OrchestrationOutcome.Failed(TaskFailureDetails.FromException(ex) with { StackTrace = null });
        }
        catch (OrchestrationInputException ex)
        {
            outcome = new OrchestrationOutcome.Failed(new TaskFailureDetails(typeof(OrchestrationInputException).FullName!, ex.Message));
        }
        var actions = outcome is OrchestrationOutcome.Failed { Failure.ErrorType: var type }
            && type == typeof(NonDeterministicOrchestrationException).FullName
            ? []
            : context.PendingActions.ToList();
        return new OrchestrationTurnResult(actions, outcome, context.SerializedCustomStatus, suspended && outcome is null);
    }

    private static OrchestrationOutcome Finish(Task<object?> running, ReplayOrchestrationContext context)
    {
        if (running.IsFaulted)
        {
            var exception = running.Exception!.InnerExceptions.Count == 1 ? running.Exception.InnerException! : running.Exception;
            return new OrchestrationOutcome.Failed(Describe(exception));
        }
        if (running.IsCanceled)
        {
            return new OrchestrationOutcome.Failed(new TaskFailureDetails(typeof(TaskCanceledException).FullName!, "The orchestration was cancelled."));
        }
        if (context.ContinueAsNewRequest is { } request)
        {
            return new OrchestrationOutcome.ContinuedAsNew(request.Input,
                request.PreserveUnprocessedEvents ? context.UnconsumedEvents() : []);
        }
        return new OrchestrationOutcome.Completed(DurableSerializer.Serialize(running.Result));
    }

    private static TaskFailureDetails Describe(Exception exception) => exception switch
    {
        TaskFailedException failed => new TaskFailureDetails(
            typeof(TaskFailedException).FullName!, failed.Message, failed.StackTrace, failed.FailureDetails),
        _ => TaskFailureDetails.FromException(exception),
    };
}

/// <summary>The recorded input of an orchestration does not fit the type its code expects.</summary>
internal sealed class OrchestrationInputException(string message, Exception inner) : Exception(message, inner);
