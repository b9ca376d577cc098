namespace MlOps.Durable.Runtime;

/// <summary>How an execution ended in this turn, if it did.</summary>
internal abstract record OrchestrationOutcome
{
    public sealed record Completed(string? Output) : OrchestrationOutcome;

    public sealed record Failed(TaskFailureDetails Failure) : OrchestrationOutcome;

    public sealed record Terminated(string? Reason) : OrchestrationOutcome;

    public sealed record ContinuedAsNew(string? Input, IReadOnlyList<HistoryEvent> CarriedEvents) : OrchestrationOutcome;
}

/// <summary>What one turn of orchestration code produced.</summary>
internal sealed record OrchestrationTurnResult(
    IReadOnlyList<OrchestratorAction> NewActions,
    OrchestrationOutcome? Outcome,
    string? CustomStatus,
    bool IsSuspended);
