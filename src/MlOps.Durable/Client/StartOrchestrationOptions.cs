namespace MlOps.Durable;

/// <summary>
/// How a new instance is started. With <see cref="InstanceId"/> set, starting an id that already
/// exists is refused while it runs and replaces it once it has finished, unless its current
/// status is in <see cref="DedupeStatuses"/>: then the start is a no-op and the existing
/// instance is kept (this is how duplicate triggers collapse into one run).
/// </summary>
public sealed record StartOrchestrationOptions(string? InstanceId = null)
{
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? DedupeStatuses { get; init; }

    /// <summary>Every status: a second start with the same id never creates a second run.</summary>
    public static IReadOnlyCollection<OrchestrationRuntimeStatus> AllStatuses { get; } = Enum.GetValues<OrchestrationRuntimeStatus>();
}
