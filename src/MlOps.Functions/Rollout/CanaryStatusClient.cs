using MlOps.Durable;
using MlOps.Functions.Activities;
using MlOps.Functions.Inference;
using MlOps.Registry;
using MlOps.Registry.Rollout;

namespace MlOps.Functions.Rollout;

/// <summary>
/// A model's canary status as one document: aliases, the rollout state (mode, weights, step,
/// history and every gate verdict), each version's online metrics added up over all hosts, and
/// the rollout orchestration's progress when a durable client is at hand.
/// </summary>
public sealed record CanaryStatus(
    string Model,
    ModelAliases Aliases,
    RolloutState? Rollout,
    IReadOnlyList<VersionSummary> Versions,
    string? OrchestrationInstanceId,
    string? OrchestrationStatus,
    RolloutProgress? Progress);

/// <summary>
/// The read side of canary rollouts, for the dashboard, `mlops canary status` and
/// <c>GET /api/models/{name}/canary</c>: reads only storage (and the durable store when given),
/// so it works with or without a running host.
/// </summary>
public sealed class CanaryStatusClient(ModelRegistryClient registry, OnlineMetricsStore metrics, DurableTaskClient? durable = null)
{
    public async Task<CanaryStatus> GetStatusAsync(string model, CancellationToken cancellationToken = default)
    {
        ModelName.Validate(model);
        var aliases = await registry.GetAliasesAsync(model, cancellationToken).ConfigureAwait(false);
        var state = await registry.GetRolloutClient(model).GetStateAsync(cancellationToken).ConfigureAwait(false);
        var versions = await GetVersionMetricsAsync(model, cancellationToken).ConfigureAwait(false);
        string? instanceId = null, runtimeStatus = null;
        RolloutProgress? progress = null;
        if (durable is not null && state is { RolloutId.Length: > 0 } && state.RolloutId.StartsWith("rollout-", StringComparison.Ordinal))
        {
            instanceId = state.RolloutId;
            if (await durable.GetInstanceAsync(instanceId, cancellationToken: cancellationToken).ConfigureAwait(false) is { } instance)
            {
                runtimeStatus = instance.RuntimeStatus.ToString();
                progress = instance.ReadCustomStatusAs<RolloutProgress>();
            }
        }
        return new CanaryStatus(model, aliases, state, versions, instanceId, runtimeStatus, progress);
    }

    /// <summary>Each version's online metrics since hosts began counting, added up over all hosts, newest version first.</summary>
    public async Task<IReadOnlyList<VersionSummary>> GetVersionMetricsAsync(string model, CancellationToken cancellationToken = default)
    {
        var totals = await metrics.ReadTotalsAsync(model, cancellationToken).ConfigureAwait(false);
        return totals.OrderByDescending(v => v.Key).Select(v => v.Value.Summarize(v.Key)).ToList();
    }

    /// <summary>The gate verdicts recorded for the model's current (or last) rollout, in the order they were made.</summary>
    public async Task<IReadOnlyList<GateResult>> GetGateHistoryAsync(string model, CancellationToken cancellationToken = default) =>
        (await registry.GetRolloutClient(model).GetStateAsync(cancellationToken).ConfigureAwait(false))?.Gates ?? [];

    /// <summary>The rollout instance id of a challenger version (see <see cref="StartRolloutActivity.InstanceId"/>).</summary>
    public static string RolloutInstanceId(string model, int challengerVersion) => StartRolloutActivity.InstanceId(model, challengerVersion);
}
