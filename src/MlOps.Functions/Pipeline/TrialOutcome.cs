using MlOps.Learning.Sweeps;

namespace MlOps.Functions.Pipeline;

/// <summary>How a trial ended, as the sweep records it.</summary>
public sealed record TrialOutcome(
    string TrialId,
    IReadOnlyDictionary<string, string> Parameters,
    TrialStatus Status,
    double? Objective,
    IReadOnlyList<IntermediateValue> Curve,
    string? Message,
    double Seconds,
    string OutputPrefix,
    string JobId)
{
    public TrialRecord ToRecord() => new(TrialId, Parameters, Status, Objective, Curve);
}
