namespace MlOps.Jobs.Local;

/// <summary>A job this runner looks after (it started or adopted it): its slot, its process and how it ends.</summary>
internal sealed class LocalJob(StoredRequest request)
{
    public StoredRequest Request { get; } = request;

    public string Id => Request.JobId;

    public object Gate { get; } = new();

    /// <summary>Pending or Running until <see cref="Completion"/> holds the final status.</summary>
    public JobState State { get; set; } = JobState.Pending;

    public StoredProcess? Process { get; set; }

    /// <summary>The slot the job holds and the pool it goes back to.</summary>
    public (Slot Slot, SlotPool Pool)? Holding { get; set; }

    /// <summary>Cancels the wait for a slot when the job is stopped before it started.</summary>
    public CancellationTokenSource PendingStop { get; } = new();

    /// <summary>Set when the runner must kill the running job, with the reason.</summary>
    public TaskCompletionSource<StopReason> KillRequest { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<JobStatus> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Monitor { get; set; } = Task.CompletedTask;

    public JobStatus Snapshot() =>
        Completion.Task.IsCompletedSuccessfully
            ? Completion.Task.Result
            : new JobStatus
            {
                JobId = Id,
                State = State,
                Placement = Process?.Placement,
                ProcessId = Process?.Pid,
                StartedAt = Process?.StartedAt,
            };
}
