namespace MlOps.Jobs.Local;

/// <summary>request.json: the job as asked for and who created it, written once when the job is created.</summary>
internal sealed record StoredRequest(
    string JobId,
    string SpecLocation,
    Dictionary<string, string> Environment,
    double? TimeoutSeconds,
    bool RequiresGpu,
    DateTimeOffset CreatedAt,
    StoredOwner Creator)
{
    public static StoredRequest From(JobRequest request, DateTimeOffset now, StoredOwner creator) =>
        new(request.JobId, request.SpecLocation, new Dictionary<string, string>(request.Environment), request.Timeout?.TotalSeconds, request.RequiresGpu, now, creator);

    public TimeSpan? Timeout => TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
}

/// <summary>Which host process (pid + start time) and runner instance looks after a job: its creator, or whoever adopted it (owner.json).</summary>
internal sealed record StoredOwner(int HostPid, ulong HostStartTime, Guid RunnerId);

/// <summary>launch.json: written just before the process is started, so a crash in between is noticed.</summary>
internal sealed record StoredLaunch(string Placement, int? Gpu, DateTimeOffset LaunchedAt);

/// <summary>process.json: the started process (leader of the job's process group) and when it must end.</summary>
internal sealed record StoredProcess(int Pid, ulong StartTime, DateTimeOffset StartedAt, DateTimeOffset? Deadline, string Placement, int? Gpu)
{
    public ProcFs.ProcessIdentity Identity => new(Pid, StartTime);
}
