using MlOps.Registry.Rollout;

namespace MlOps.Functions.Rollout;

/// <summary>The rollout orchestration's custom status: where it is, what it waits for, the last gate, and how it ended.</summary>
public sealed record RolloutProgress(
    string Phase,
    int StepIndex,
    double Weight,
    DateTime? NextGateAt,
    string? LastGate,
    IReadOnlyList<GateResult>? LastGateResults,
    string? Outcome = null,
    string? Reason = null);

/// <summary>How a rollout ended.</summary>
public sealed record RolloutOutcome(string Model, int ChallengerVersion, string Outcome, string Reason, int? FailedStep);
