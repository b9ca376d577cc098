using MlOps.Learning.Sweeps;

namespace MlOps.Functions.Pipeline;

/// <summary>One sweep: a site's expanding window of years and the spec (YAML or JSON text) to search with.</summary>
public sealed record SweepRequest(string SweepId, string Site, IReadOnlyList<int> Years, string Spec, int MaxRowsPerSurvey, int Seed, string TrialsContainer);

/// <summary>How the sweep ended, every trial's outcome, and the best trial.</summary>
public sealed record SweepResult(
    string SweepId,
    string Status,
    string? Reason,
    IReadOnlyList<TrialOutcome> Trials,
    TrialOutcome? Best,
    int MaxTrials)
{
    public int Failed => Trials.Count(t => t.Status is TrialStatus.Failed or TrialStatus.TimedOut);

    public int Stopped => Trials.Count(t => t.Status == TrialStatus.EarlyStopped);
}

/// <summary>The sweep's custom status while it runs: counts and the best trial so far.</summary>
public sealed record SweepProgress(
    string Step,
    string SweepId,
    int MaxTrials,
    int Done,
    int Running,
    int Failed,
    int Stopped,
    string? BestTrialId,
    double? BestObjective,
    IReadOnlyDictionary<string, string>? BestParameters,
    string? Reason = null,
    IReadOnlyList<TrialSummary>? Trials = null);

/// <summary>One finished trial in the sweep's status: enough for a progress line.</summary>
public sealed record TrialSummary(string TrialId, TrialStatus Status, double? Objective, string? Model, double Seconds, string? Message);
