namespace MlOps.Reports.Views;

/// <summary>
/// The canary page's data: the registry's rollout state, what each version served (online
/// metrics added up over all hosts), and the rollout orchestration's progress when one runs.
/// </summary>
public sealed record CanaryView(string ModelName, RolloutView? Rollout, IReadOnlyList<VersionTrafficView> Versions, RolloutRunView? Orchestration)
{
    public bool Live => Rollout?.IsActive == true || Orchestration?.Status is "Running" or "Pending" or "Suspended";
}

/// <summary>One version's online metrics since hosts began counting.</summary>
/// <param name="ClassShares">Share of served rows predicted as each class (index class − 1).</param>
/// <param name="Agreement">Share of mirrored rows where this version gave the champion's class.</param>
public sealed record VersionTrafficView(
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
    double? FeedbackAccuracy);

/// <summary>The durable rollout orchestration: its status, phase and next gate.</summary>
public sealed record RolloutRunView(string InstanceId, string Status, string? Phase, int? StepIndex, DateTimeOffset? NextGateAt, string? Outcome, string? Reason);
