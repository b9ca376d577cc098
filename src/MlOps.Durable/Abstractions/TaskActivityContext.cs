namespace MlOps.Durable;

/// <summary>What an activity knows about the call it serves.</summary>
public abstract class TaskActivityContext
{
    public abstract string Name { get; }

    /// <summary>The orchestration instance that scheduled this activity.</summary>
    public abstract string InstanceId { get; }

    /// <summary>The id of this call within its orchestration: stable across retries of delivery.</summary>
    public abstract int TaskId { get; }

    /// <summary>How many times this work item has been handed to a host (1 on first delivery).</summary>
    public abstract int DeliveryCount { get; }

    /// <summary>The scoped services of this invocation (for activities registered as functions).</summary>
    public abstract IServiceProvider Services { get; }

    /// <summary>Signalled when the host is shutting down; the work item is then released to run again elsewhere.</summary>
    public abstract CancellationToken ShutdownToken { get; }
}
