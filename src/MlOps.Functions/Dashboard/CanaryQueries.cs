using MlOps.Functions.Rollout;
using MlOps.Registry;
using MlOps.Reports.Views;

namespace MlOps.Functions.Dashboard;

/// <summary>The canary page's data from the canary status (rollout state, online metrics per version, the rollout orchestration).</summary>
public sealed class CanaryQueries(CanaryStatusClient canary)
{
    /// <summary>The model's canary view, or null for a name that is not a model name.</summary>
    public async Task<CanaryView?> GetAsync(string model, CancellationToken cancellationToken)
    {
        if (!ModelName.IsValid(model))
        {
            return null;
        }
        var status = await canary.GetStatusAsync(model, cancellationToken);
        return new CanaryView(
            model,
            status.Rollout is { } state ? RegistryViews.Rollout(state) : null,
            status.Versions,
            status.OrchestrationInstanceId is { } id
                ? new RolloutRunView(id, status.OrchestrationStatus ?? "?", status.Progress?.Phase, status.Progress?.StepIndex,
                    status.Progress?.NextGateAt is { } next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : null,
                    status.Progress?.Outcome, status.Progress?.Reason)
                : null);
    }
}
