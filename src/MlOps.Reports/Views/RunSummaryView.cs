namespace MlOps.Reports.Views;

/// <summary>One retrain run in a list: where it is and what it has produced so far.</summary>
/// <param name="RuntimeStatus">The orchestration's status (Running, Completed, Failed…).</param>
/// <param name="Step">The run's own step (ValidateSurvey, DriftReport, Sweep, TrainFinal, Evaluate, Register, Done, Failed, Quarantined).</param>
public sealed record RunSummaryView(
    string InstanceId,
    string RuntimeStatus,
    string Step,
    string Site,
    int? Year,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    SweepProgressView? Sweep,
    int? Version,
    double? Accuracy,
    string? Reason)
{
    public bool IsRunning => RuntimeStatus is "Running" or "Pending" or "Suspended" or "ContinuedAsNew";
}

/// <summary>A sweep's counters as its custom status reports them.</summary>
public sealed record SweepProgressView(
    string SweepId,
    int MaxTrials,
    int Done,
    int Running,
    int Failed,
    int Stopped,
    string? BestTrialId,
    double? BestObjective);
