namespace MlOps.Durable;

/// <summary>The state of one orchestration instance, as the client reports it.</summary>
public sealed record OrchestrationMetadata(string Name, string InstanceId)
{
    public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>Set only when inputs and outputs were asked for.</summary>
    public string? SerializedInput { get; init; }

    public string? SerializedOutput { get; init; }

    public string? SerializedCustomStatus { get; init; }

    public TaskFailureDetails? FailureDetails { get; init; }

    public string? ParentInstanceId { get; init; }

    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending
        or OrchestrationRuntimeStatus.Suspended or OrchestrationRuntimeStatus.ContinuedAsNew;

    public bool IsCompleted => RuntimeStatus.IsTerminal();

    public T? ReadInputAs<T>() => DurableSerializer.Deserialize<T>(SerializedInput);

    public T? ReadOutputAs<T>() => DurableSerializer.Deserialize<T>(SerializedOutput);

    public T? ReadCustomStatusAs<T>() => DurableSerializer.Deserialize<T>(SerializedCustomStatus);
}
