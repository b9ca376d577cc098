namespace MlOps.Jobs;

/// <summary>
/// What a runner knows about one job. Once <see cref="IsFinal"/> is true the status is stored
/// and every later call for the same job id, from any runner instance or host process,
/// returns the same outcome.
/// </summary>
public sealed record JobStatus
{
    public required string JobId { get; init; }

    public required JobState State { get; init; }

    /// <summary>The process exit code when known. A process killed by signal N reports 128 + N, as a shell does.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Why the job ended the way it did, in words (null while it runs or when it succeeded).</summary>
    public string? Message { get; init; }

    /// <summary>The last lines the job wrote to standard error (at most <see cref="StandardErrorTailLines"/>).</summary>
    public IReadOnlyList<string> StandardErrorTail { get; init; } = [];

    /// <summary>Where it runs: <c>cpu</c>, <c>gpu 0</c>, or the Container Apps execution name.</summary>
    public string? Placement { get; init; }

    /// <summary>The local runner's process (the leader of the job's process group); null elsewhere.</summary>
    public int? ProcessId { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public bool IsFinal => IsFinalState(State);

    public const int StandardErrorTailLines = 20;

    public static bool IsFinalState(JobState state) => state is not (JobState.Pending or JobState.Running);

    public override string ToString() =>
        $"{JobId}: {State}{(ExitCode is { } code ? $" (exit code {code})" : "")}{(Message is null ? "" : $" — {Message}")}";
}
