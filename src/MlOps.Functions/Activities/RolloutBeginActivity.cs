using Microsoft.Extensions.Options;
using MlOps.Durable;
using MlOps.Functions.Rollout;
using MlOps.Registry;
using MlOps.Registry.Rollout;

namespace MlOps.Functions.Activities;

public sealed record RolloutBeginRequest(StartRolloutRequest Rollout, string RolloutId);

/// <summary>
/// Starts the rollout in the registry's rollout state (shadow mode at weight 0, or the first
/// weight when shadow is configured off) and fixes its plan from configuration. Retried, it
/// finds its own rollout already running and returns the same plan.
/// </summary>
public sealed class RolloutBeginActivity(ModelRegistryClient registry, IOptions<RolloutOptions> options) : TaskActivity<RolloutBeginRequest, RolloutPlan>
{
    public const string Name = "RolloutBegin";

    public override async Task<RolloutPlan> RunAsync(TaskActivityContext context, RolloutBeginRequest input)
    {
        var request = input.Rollout;
        var plan = RolloutPlan.From(options.Value, request.Site, request.ChampionVersion, request.ChallengerVersion, input.RolloutId);
        await registry.GetRolloutClient(request.Site).StartAsync(new RolloutStart
        {
            ChallengerVersion = request.ChallengerVersion,
            ChampionVersion = request.ChampionVersion,
            RolloutId = input.RolloutId,
            InitialWeight = plan.Steps[0].Weight,
            ShadowShare = plan.ShadowShare,
            Reason = $"rollout of version {request.ChallengerVersion} against champion {request.ChampionVersion} started ({plan.Steps[0].Describe()}), run {request.RunId}",
        }, context.ShutdownToken);
        return plan;
    }
}
