namespace MlOps.Functions.Pipeline;

/// <summary>The retrain run's custom status: the step it is on and what it knows so far.</summary>
public sealed record RetrainProgress(
    string Step,
    string Site,
    int? Year,
    IReadOnlyList<int>? Years = null,
    string? SweepInstanceId = null,
    SweepProgress? Sweep = null,
    IReadOnlyList<string>? DriftFlags = null,
    int? Version = null,
    double? Accuracy = null,
    double? AccuracyGainOnNewestYear = null,
    string? Reason = null);
