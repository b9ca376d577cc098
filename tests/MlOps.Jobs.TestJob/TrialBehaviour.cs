namespace MlOps.Jobs.TestJob;

/// <summary>
/// What the stand-in trial does, read from the JSON spec it is given (as a real trial reads its
/// trial spec). Every file it writes lives in <see cref="WorkDirectory"/>, named after its job id.
/// </summary>
public sealed record TrialBehaviour
{
    public required string WorkDirectory { get; init; }

    /// <summary>Lines written to standard error (numbered "stderr line 1", "stderr line 2"…).</summary>
    public int StandardErrorLines { get; init; }

    public int ExitCode { get; init; }

    /// <summary>Wait for the file {jobId}.release before finishing.</summary>
    public bool WaitForRelease { get; init; }

    /// <summary>Start a long-running child process (its pid in {jobId}.child) to show the whole process group is killed.</summary>
    public bool SpawnChild { get; init; }

    /// <summary>Environment variables to copy into {jobId}.env, one NAME=value per line.</summary>
    public string[] ReportEnvironment { get; init; } = [];
}
