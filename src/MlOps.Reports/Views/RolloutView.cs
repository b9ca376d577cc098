namespace MlOps.Reports.Views;

/// <summary>A model's rollout state: the competing versions, the weights, every change and every gate verdict.</summary>
/// <param name="ChallengerWeight">Percent (0–100) of routing keys the challenger serves.</param>
public sealed record RolloutView(
    string ModelName,
    string RolloutId,
    string Mode,
    int? ChampionVersion,
    int? ChallengerVersion,
    int? PreviousChampionVersion,
    double ChallengerWeight,
    double ShadowShare,
    int StepIndex,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<RolloutChangeView> History,
    IReadOnlyList<GateView> Gates)
{
    public double ChampionWeight => 100 - ChallengerWeight;

    public bool IsActive => Mode is "Shadow" or "Canary" or "Paused";
}

public sealed record RolloutChangeView(DateTimeOffset At, string Mode, int StepIndex, double FromWeight, double ToWeight, string Reason);

/// <summary>An analysis gate's verdict at a step.</summary>
/// <param name="Comparison">AtMost or AtLeast: how the value must relate to the threshold to pass.</param>
public sealed record GateView(int StepIndex, string Metric, double Value, double Threshold, string Comparison, bool Passed, DateTimeOffset EvaluatedAt);
