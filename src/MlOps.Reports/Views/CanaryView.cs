using MlOps.Registry.Rollout;

namespace MlOps.Reports.Views;

/// <summary>
/// The canary page's data: the registry's rollout state, what each version served (online
/// metrics added up over all hosts), and the rollout orchestration's progress when one runs.
/// </summary>
public sealed record CanaryView(string ModelName, RolloutView? Rollout, IReadOnlyList<VersionSummary> Versions, RolloutRunView? Orchestration)
{
    public bool Live => Rollout?.IsActive == true || Orchestration?.Status is "Running" or "Pending" or "Suspended";
}

/// <summary>The durable rollout orchestration: its status, phase and next gate.</summary>
public sealed record RolloutRunView(string InstanceId, string Status, string? Phase, int? StepIndex, DateTimeOffset? NextGateAt, string? Outcome, string? Reason);
