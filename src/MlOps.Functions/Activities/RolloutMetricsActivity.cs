using MlOps.Durable;
using MlOps.Functions.Inference;
using MlOps.Registry;
using MlOps.Registry.Rollout;

namespace MlOps.Functions.Activities;

public sealed record RolloutMetricsRequest(string Model, int ChampionVersion, int ChallengerVersion);

/// <summary>The two versions' counters added up over every host, and the rollout's mode, read at one moment.</summary>
public sealed record RolloutReading(VersionCounters Champion, VersionCounters Challenger, RolloutMode Mode);

/// <summary>
/// Reads the online counters of champion and challenger across hosts (after writing this host's
/// own, so the host running the gate is never behind) and the rollout's current mode.
/// </summary>
public sealed class RolloutMetricsActivity(MetricsFlusher flusher, OnlineMetricsStore store, ModelRegistryClient registry) : TaskActivity<RolloutMetricsRequest, RolloutReading>
{
    public const string Name = "RolloutMetrics";

    public override async Task<RolloutReading> RunAsync(TaskActivityContext context, RolloutMetricsRequest input)
    {
        await flusher.FlushAsync(context.ShutdownToken);
        var totals = await store.ReadTotalsAsync(input.Model, context.ShutdownToken);
        var state = await registry.GetRolloutClient(input.Model).GetStateAsync(context.ShutdownToken);
        return new RolloutReading(
            totals.GetValueOrDefault(input.ChampionVersion) ?? VersionCounters.Empty,
            totals.GetValueOrDefault(input.ChallengerVersion) ?? VersionCounters.Empty,
            state?.ChallengerVersion == input.ChallengerVersion ? state.Mode : RolloutMode.None);
    }
}
