namespace MlOps.Registry.Rollout;

/// <summary>What the dashboard and `mlops canary status` show for one version: counts, rates and latency percentiles (ms).</summary>
public sealed record VersionSummary(
    int Version,
    long ServedRequests,
    long MirroredRequests,
    long Errors,
    double? ErrorRate,
    long Rows,
    double? P50Milliseconds,
    double? P95Milliseconds,
    double? P99Milliseconds,
    IReadOnlyList<double> ClassShares,
    long ComparedRows,
    double? Agreement,
    long FeedbackRows,
    double? FeedbackAccuracy,
    long MirrorDropped);
