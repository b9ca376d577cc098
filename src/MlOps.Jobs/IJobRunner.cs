namespace MlOps.Jobs;

/// <summary>
/// Runs trial jobs: a local process per job (<see cref="Local.LocalProcessJobRunner"/>) or an
/// Azure Container Apps Job execution (<see cref="ContainerApps.ContainerAppsJobRunner"/>).
/// A job is named by the caller's job id and runs at most once: starting an id that exists
/// re-attaches to it, also from a new host process after the previous one died, and a
/// finished job's outcome is stored so that every call reports the same final status.
/// </summary>
public interface IJobRunner
{
    /// <summary>
    /// Starts the job, or re-attaches to the job with the same id when there is one (running,
    /// waiting for a slot, or finished: then its stored outcome is returned and nothing runs).
    /// Returns at once with <see cref="JobState.Pending"/>, <see cref="JobState.Running"/> or a final state.
    /// </summary>
    /// <exception cref="JobRunnerException">The id is taken by a job with a different spec, or the job could not be started.</exception>
    Task<JobStatus> StartAsync(JobRequest request, CancellationToken cancellationToken = default);

    /// <summary>The job's current status, or null when no job with this id exists.</summary>
    Task<JobStatus?> GetStatusAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until the job reaches a final state and returns it. Cancelling stops only the
    /// waiting: the job runs on, to be waited for again or re-attached by another host.
    /// Use <see cref="StopAsync"/> (or <see cref="JobRunnerExtensions.RunAsync"/>) to end the job itself.
    /// </summary>
    /// <exception cref="JobRunnerException">No job with this id exists (status 404, <c>JobNotFound</c>).</exception>
    Task<JobStatus> WaitForCompletionAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops the job (early stopping, cancellation): a pending job never starts, a running one
    /// is killed with all its child processes. Returns the final status: <see cref="JobState.Stopped"/>,
    /// or the outcome the job reached before the stop landed.
    /// </summary>
    /// <exception cref="JobRunnerException">No job with this id exists (status 404, <c>JobNotFound</c>).</exception>
    Task<JobStatus> StopAsync(string jobId, CancellationToken cancellationToken = default);
}
