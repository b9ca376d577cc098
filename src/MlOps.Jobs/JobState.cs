namespace MlOps.Jobs;

/// <summary>Where a job is in its life. Every state after <see cref="Running"/> is final and never changes again.</summary>
public enum JobState
{
    /// <summary>Accepted, waiting for a slot (or, in Azure, for the execution to be scheduled).</summary>
    Pending,

    Running,

    /// <summary>Exited with code 0.</summary>
    Succeeded,

    /// <summary>Exited with a non-zero code or was killed by someone else; <see cref="JobStatus.ExitCode"/> and the stderr tail say how.</summary>
    Failed,

    /// <summary>Stopped on request (early stopping or cancellation) before it finished.</summary>
    Stopped,

    /// <summary>Killed because it ran longer than the request's timeout.</summary>
    TimedOut,

    /// <summary>
    /// Gone without a recorded outcome: its process vanished together with the host that ran it
    /// (for example the machine restarted). Nothing is known about its result; run it again under a new job id.
    /// </summary>
    Lost,
}
