namespace MlOps.Jobs;

/// <summary>The environment variables every runner gives a job, on top of the request's own.</summary>
public static class JobEnvironment
{
    /// <summary>The caller's job id; also how a runner finds its job again after a host restart.</summary>
    public const string JobId = "MLOPS_JOB_ID";

    /// <summary>Where the trial spec is (blob URL or local path): the same value the command line gets for {spec}.</summary>
    public const string TrialSpec = "MLOPS_TRIAL_SPEC";

    /// <summary>The job's time limit in whole seconds, when it has one, so the job can pace itself.</summary>
    public const string TimeoutSeconds = "MLOPS_JOB_TIMEOUT_SECONDS";

    /// <summary>Local runner only: the job's own folder (its working directory, logs and exit status).</summary>
    public const string JobDirectory = "MLOPS_JOB_DIR";

    /// <summary>Local runner only: how many threads the job should use.</summary>
    public const string Threads = "MLOPS_JOB_THREADS";

    /// <summary>Which GPUs the job may see; empty for none.</summary>
    public const string CudaVisibleDevices = "CUDA_VISIBLE_DEVICES";

    /// <summary>The W3C traceparent of the span that started the job: the job's own spans are its children.</summary>
    public const string TraceParent = "TRACEPARENT";

    /// <summary>The W3C tracestate that goes with <see cref="TraceParent"/>, when there is one.</summary>
    public const string TraceState = "TRACESTATE";
}
