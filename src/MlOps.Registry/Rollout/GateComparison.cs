namespace MlOps.Registry.Rollout;

/// <summary>How a gate's measured value must relate to its threshold to pass.</summary>
public enum GateComparison
{
    /// <summary>Passes when value ≤ threshold (error rate, p95 latency, divergence).</summary>
    AtMost,

    /// <summary>Passes when value ≥ threshold (agreement, feedback accuracy).</summary>
    AtLeast,
}
