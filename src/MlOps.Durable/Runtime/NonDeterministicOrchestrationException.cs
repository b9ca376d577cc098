namespace MlOps.Durable;

/// <summary>
/// The orchestration code did something different on replay from what its history records:
/// usually the code was changed while instances were in flight, or it read the clock, a random
/// number or I/O directly instead of through the context or an activity.
/// </summary>
public sealed class NonDeterministicOrchestrationException(string orchestrationName, string instanceId, int eventIndex, string message)
    : Exception(message)
{
    public string OrchestrationName { get; } = orchestrationName;

    public string InstanceId { get; } = instanceId;

    /// <summary>Position of the history event that did not match (0-based).</summary>
    public int EventIndex { get; } = eventIndex;
}
