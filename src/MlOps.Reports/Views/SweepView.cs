namespace MlOps.Reports.Views;

/// <summary>A sweep with every trial known so far (live while it runs) and its search space.</summary>
/// <param name="Status">Running, Completed, GoalReached, Failed…</param>
/// <param name="Live">True while the sweep runs: the page refreshes itself.</param>
public sealed record SweepView(
    string SweepId,
    string? RunId,
    string Site,
    string Status,
    string? Reason,
    string Metric,
    bool Maximize,
    int MaxTrials,
    int ParallelTrials,
    string Algorithm,
    IReadOnlyList<SweepParameterView> Parameters,
    IReadOnlyList<TrialView> Trials,
    string? BestTrialId,
    bool Live,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt)
{
    public int Count(string status) => Trials.Count(t => t.Status == status);

    public TrialView? Best => BestTrialId is null ? null : Trials.FirstOrDefault(t => t.TrialId == BestTrialId);
}

/// <summary>One dimension of a sweep's search space.</summary>
/// <param name="Kind">categorical, int or double.</param>
/// <param name="Log">Searched on a log scale.</param>
public sealed record SweepParameterView(string Name, string Kind, bool Log, IReadOnlyList<string> Values, double Min, double Max)
{
    public bool IsNumeric => Kind != "categorical";
}
