using MlOps.Durable;
using MlOps.Registry;
using MlOps.Registry.Rollout;

namespace MlOps.Functions.Activities;

public sealed record RolloutFinishRequest(string Model, int ChallengerVersion, bool Promote, string Reason, IReadOnlyList<GateResult>? Gates = null);

/// <summary>
/// Ends a rollout. Promotion: the challenger becomes champion in the aliases (the old champion
/// kept as previous) and in the rollout state, which every router reads. Rollback: one
/// conditional write of the rollout state takes the challenger's weight and mirror share to 0
/// with the reason and failing gates, and the challenger alias is cleared if it still names it.
/// Both are safe to repeat.
/// </summary>
public sealed class RolloutFinishActivity(ModelRegistryClient registry) : TaskActivity<RolloutFinishRequest, RolloutMode>
{
    public const string Name = "RolloutFinish";

    public override async Task<RolloutMode> RunAsync(TaskActivityContext context, RolloutFinishRequest input)
    {
        var cancellationToken = context.ShutdownToken;
        var rollout = registry.GetRolloutClient(input.Model);
        if (input.Promote)
        {
            await registry.PromoteChallengerAsync(input.Model, input.ChallengerVersion, cancellationToken);
            return (await rollout.PromoteAsync(input.Reason, cancellationToken)).Mode;
        }
        var state = await rollout.GetStateAsync(cancellationToken);
        RolloutMode mode;
        if (state is { IsActive: true } && state.ChallengerVersion == input.ChallengerVersion)
        {
            mode = (await rollout.RollbackAsync(input.Reason, input.Gates, cancellationToken)).Mode;
        }
        else
        {
            mode = state?.Mode ?? RolloutMode.None;
        }
        await registry.UpdateAliasesAsync(input.Model, aliases => aliases.Challenger == input.ChallengerVersion ? aliases with { Challenger = null } : aliases, cancellationToken);
        return mode;
    }
}
