using System.Globalization;

namespace MlOps.Functions.Rollout;

/// <summary>
/// How a challenger is rolled out (configuration section <c>MlOps:Rollout</c>): how long it runs
/// in shadow mode and at each weight, the share of traffic mirrored to it, and the gate
/// thresholds it must meet against the champion at the end of every step.
/// </summary>
public sealed class RolloutOptions
{
    public const string Section = "MlOps:Rollout";

    /// <summary>Shadow mode before the first weight (zero skips it).</summary>
    public TimeSpan ShadowDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long each weight holds before its gate.</summary>
    public TimeSpan StepDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The challenger's weights in percent, step by step, comma-separated; the last must be 100.</summary>
    public string Weights { get; set; } = "10,25,50,100";

    /// <summary>Percent of champion-served requests also scored by the challenger off the response path (shadow and canary).</summary>
    public double ShadowShare { get; set; } = 20;

    /// <summary>Fewest requests the challenger must have scored in a step for its gate to judge it.</summary>
    public long MinRequests { get; set; } = 500;

    /// <summary>How many times a step short of traffic is extended before the rollout is rolled back for lack of data.</summary>
    public int MaxDataWaits { get; set; } = 3;

    /// <summary>The challenger's error rate may exceed the champion's by at most this much (0.01 = one point).</summary>
    public double MaxErrorRateIncrease { get; set; } = 0.01;

    /// <summary>The challenger's p95 scoring latency may be at most this multiple of the champion's …</summary>
    public double MaxLatencyRatio { get; set; } = 1.5;

    /// <summary>… plus this many milliseconds (sub-millisecond latencies are too noisy for a ratio alone).</summary>
    public double LatencySlackMilliseconds { get; set; } = 2;

    /// <summary>Largest Jensen–Shannon divergence (base 2, 0–1) between the two versions' predicted class distributions.</summary>
    public double MaxClassDivergence { get; set; } = 0.05;

    /// <summary>Least share of mirrored rows on which the challenger must give the champion's class.</summary>
    public double MinAgreement { get; set; } = 0.7;

    /// <summary>Fewest mirrored rows before agreement is judged.</summary>
    public long MinComparedRows { get; set; } = 200;

    /// <summary>The challenger's accuracy on labelled feedback may be at most this much below the champion's.</summary>
    public double MaxAccuracyDrop { get; set; } = 0.02;

    /// <summary>Fewest labelled feedback rows (for each version) before feedback accuracy is judged.</summary>
    public long MinFeedbackRows { get; set; } = 100;

    public IReadOnlyList<double> ParseWeights()
    {
        var weights = new List<double>();
        foreach (var part in Weights.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || weight <= 0 || weight > 100)
            {
                throw new InvalidOperationException($"{Section}:Weights is \"{Weights}\": '{part}' is not a percentage above 0 and at most 100.");
            }
            if (weights.Count > 0 && weight <= weights[^1])
            {
                throw new InvalidOperationException($"{Section}:Weights is \"{Weights}\": weights must rise step by step.");
            }
            weights.Add(weight);
        }
        if (weights.Count == 0 || weights[^1] != 100)
        {
            throw new InvalidOperationException($"{Section}:Weights is \"{Weights}\": the last step must be 100.");
        }
        return weights;
    }
}
