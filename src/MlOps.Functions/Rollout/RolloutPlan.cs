namespace MlOps.Functions.Rollout;

/// <summary>One step of a rollout: its index (0 is shadow mode when there is one), the challenger's weight and how long it holds.</summary>
public sealed record RolloutStep(int Index, double Weight, TimeSpan Duration)
{
    public bool IsShadow => Weight == 0;

    public string Describe() => IsShadow ? $"step {Index} (shadow)" : $"step {Index} ({Weight}%)";
}

/// <summary>The steps and gate thresholds a rollout runs with, fixed when it starts (kept in the orchestration's history).</summary>
public sealed record RolloutPlan(string Model, int ChampionVersion, int ChallengerVersion, string RolloutId, IReadOnlyList<RolloutStep> Steps, double ShadowShare, GateThresholds Thresholds)
{
    public static RolloutPlan From(RolloutOptions options, string model, int champion, int challenger, string rolloutId)
    {
        var steps = new List<RolloutStep>();
        if (options.ShadowDuration > TimeSpan.Zero)
        {
            steps.Add(new RolloutStep(0, 0, options.ShadowDuration));
        }
        foreach (var weight in options.ParseWeights())
        {
            steps.Add(new RolloutStep(steps.Count, weight, options.StepDuration));
        }
        return new RolloutPlan(model, champion, challenger, rolloutId, steps, options.ShadowShare, GateThresholds.From(options));
    }
}

/// <summary>The thresholds of <see cref="RolloutOptions"/> that gates compare with.</summary>
public sealed record GateThresholds(
    long MinRequests,
    int MaxDataWaits,
    double MaxErrorRateIncrease,
    double MaxLatencyRatio,
    double LatencySlackMilliseconds,
    double MaxClassDivergence,
    double MinAgreement,
    long MinComparedRows,
    double MaxAccuracyDrop,
    long MinFeedbackRows)
{
    public static GateThresholds From(RolloutOptions o) => new(
        o.MinRequests, o.MaxDataWaits, o.MaxErrorRateIncrease, o.MaxLatencyRatio, o.LatencySlackMilliseconds,
        o.MaxClassDivergence, o.MinAgreement, o.MinComparedRows, o.MaxAccuracyDrop, o.MinFeedbackRows);
}
