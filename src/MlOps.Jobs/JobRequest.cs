namespace MlOps.Jobs;

/// <summary>
/// One job to run: a trial job reading the spec at <see cref="SpecLocation"/> (a blob URL or a
/// local path). The caller chooses <see cref="JobId"/> (for example <c>{sweepId}-{trialId}</c>);
/// starting the same id again re-attaches to the job instead of running it twice.
/// </summary>
public sealed record JobRequest
{
    public const int MaxJobIdLength = 100;

    public JobRequest(string jobId, string specLocation)
    {
        ValidateJobId(jobId);
        if (string.IsNullOrWhiteSpace(specLocation))
        {
            throw new ArgumentException($"Job '{jobId}' has no trial spec location.", nameof(specLocation));
        }
        JobId = jobId;
        SpecLocation = specLocation;
    }

    public string JobId { get; }

    public string SpecLocation { get; }

    /// <summary>Extra environment for the job (trace context, storage connection…). The runner's own variables win on a clash.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the job may run once started; null for no limit. A job over its time is killed and reported <see cref="JobState.TimedOut"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Asks for a GPU. Runners without GPUs run the job on a CPU slot.</summary>
    public bool RequiresGpu { get; init; }

    /// <summary>
    /// Job ids name folders and environment values, so they are 1–100 characters of letters,
    /// digits, '-', '_' and '.', starting with a letter or digit.
    /// </summary>
    public static void ValidateJobId(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        if (jobId.Length is 0 or > MaxJobIdLength
            || !char.IsAsciiLetterOrDigit(jobId[0])
            || !jobId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException(
                $"Job id '{jobId}' is not valid: use 1–{MaxJobIdLength} letters, digits, '-', '_' or '.', starting with a letter or digit.",
                nameof(jobId));
        }
    }
}
