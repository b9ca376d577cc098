namespace MlOps.Functions.Inference;

/// <summary>The inference function's limits, caches and metrics (configuration section <c>MlOps:Inference</c>).</summary>
public sealed class InferenceOptions
{
    public const string Section = "MlOps:Inference";

    /// <summary>Largest predict or feedback body accepted (bytes); larger ones get 413.</summary>
    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most rows one request may score (a tile's pixels count as rows); more get 413.</summary>
    public int MaxRows { get; set; } = 100_000;

    /// <summary>ONNX Runtime sessions kept loaded per host; the least recently used is released once its requests finish.</summary>
    public int MaxCachedSessions { get; set; } = 4;

    /// <summary>Threads inside one ONNX Runtime call (0: one per core). One suits many concurrent requests.</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Mirrored (shadow) scorings waiting off the response path; beyond it they are dropped and counted.</summary>
    public int MirrorQueueCapacity { get; set; } = 512;

    /// <summary>Background workers scoring the mirrored share.</summary>
    public int MirrorWorkers { get; set; } = 1;

    /// <summary>How often this host writes its per-version counters to blob storage.</summary>
    public TimeSpan MetricsFlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Blob container for the per-host metrics documents (<c>metrics/{model}/{host}.json</c>).</summary>
    public string MetricsContainer { get; set; } = "inference";

    /// <summary>Predictions this host remembers for feedback (by request id); the oldest are forgotten first.</summary>
    public int FeedbackWindow { get; set; } = 100_000;

    /// <summary>Names this host in the metrics documents; default: machine name and a per-process suffix.</summary>
    public string? HostId { get; set; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBytes, 1, nameof(MaxRequestBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRows, 1, nameof(MaxRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCachedSessions, 1, nameof(MaxCachedSessions));
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads, nameof(IntraOpThreads));
        ArgumentOutOfRangeException.ThrowIfLessThan(MirrorQueueCapacity, 1, nameof(MirrorQueueCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(MirrorWorkers, 1, nameof(MirrorWorkers));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MetricsFlushInterval, TimeSpan.Zero, nameof(MetricsFlushInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(FeedbackWindow, 1, nameof(FeedbackWindow));
    }
}
