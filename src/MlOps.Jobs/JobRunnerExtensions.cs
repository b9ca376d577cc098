namespace MlOps.Jobs;

public static class JobRunnerExtensions
{
    /// <summary>
    /// Starts (or re-attaches to) the job and waits for its final status. Cancelling kills the
    /// job (it ends <see cref="JobState.Stopped"/>) and then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async Task<JobStatus> RunAsync(this IJobRunner runner, JobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(request);
        var started = await runner.StartAsync(request, cancellationToken).ConfigureAwait(false);
        if (started.IsFinal)
        {
            return started;
        }
        try
        {
            return await runner.WaitForCompletionAsync(request.JobId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await runner.StopAsync(request.JobId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }
}
