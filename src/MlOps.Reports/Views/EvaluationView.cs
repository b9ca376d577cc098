namespace MlOps.Reports.Views;

/// <summary>A run's evaluation: the new model (and the champion) on every year; the gain on the newest.</summary>
public sealed record EvaluationView(
    IReadOnlyList<int> Years,
    int NewestYear,
    ModelYearsView Challenger,
    ModelYearsView? Champion,
    double? AccuracyGainOnNewestYear);
