using MlOps.Durable.Hosting;
using MlOps.Functions.Activities;

namespace MlOps.Functions.Rollout;

public static class RolloutDurableTaskBuilderExtensions
{
    /// <summary>The canary rollout orchestration and its activities.</summary>
    public static DurableTaskBuilder AddCanaryRollout(this DurableTaskBuilder durable) => durable
        .AddOrchestrator<CanaryRolloutOrchestration>(CanaryRolloutOrchestration.Name)
        .AddActivity<RolloutBeginActivity>(RolloutBeginActivity.Name)
        .AddActivity<RolloutWeightActivity>(RolloutWeightActivity.Name)
        .AddActivity<RolloutMetricsActivity>(RolloutMetricsActivity.Name)
        .AddActivity<RolloutGatesActivity>(RolloutGatesActivity.Name)
        .AddActivity<RolloutPauseActivity>(RolloutPauseActivity.Name)
        .AddActivity<RolloutFinishActivity>(RolloutFinishActivity.Name);
}
