namespace MlOps.Reports.Views;

/// <summary>Everything about one retrain run: progress, drift, the sweep, the evaluation, and maps of the model it registered.</summary>
public sealed record RunView(
    RunSummaryView Summary,
    string Trigger,
    IReadOnlyList<int> Years,
    IReadOnlyList<string> DriftFlags,
    string? Outcome,
    DriftView? Drift,
    SweepView? Sweep,
    EvaluationView? Evaluation,
    ModelVersionView? Registered,
    IReadOnlyList<MapSetView> Maps)
{
    public bool Live => Summary.IsRunning;
}
