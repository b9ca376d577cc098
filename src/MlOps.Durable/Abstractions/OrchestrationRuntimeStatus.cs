namespace MlOps.Durable;

/// <summary>The lifecycle state of an orchestration instance, as Durable Functions names it.</summary>
public enum OrchestrationRuntimeStatus
{
    Running,
    Completed,
    ContinuedAsNew,
    Failed,
    Canceled,
    Terminated,
    Pending,
    Suspended,
}

public static class OrchestrationRuntimeStatusExtensions
{
    /// <summary>True for the states an instance never leaves by itself: Completed, Failed, Terminated, Canceled.</summary>
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) => status is
        OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or
        OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled;
}
