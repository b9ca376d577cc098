namespace MlOps.Registry.Rollout;

/// <summary>One analysis gate evaluated at a rollout step: the metric, what was measured, the threshold and the verdict.</summary>
public sealed record GateResult(
    int StepIndex,
    string Metric,
    double Value,
    double Threshold,
    GateComparison Comparison,
    bool Passed,
    DateTimeOffset EvaluatedAt)
{
    /// <summary>Compares <paramref name="value"/> with <paramref name="threshold"/>; NaN never passes.</summary>
    public static GateResult Evaluate(int stepIndex, string metric, double value, double threshold, GateComparison comparison, DateTimeOffset evaluatedAt)
    {
        var passed = comparison switch
        {
            GateComparison.AtMost => value <= threshold,
            GateComparison.AtLeast => value >= threshold,
            _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, null),
        };
        return new GateResult(stepIndex, metric, value, threshold, comparison, passed, evaluatedAt);
    }
}
