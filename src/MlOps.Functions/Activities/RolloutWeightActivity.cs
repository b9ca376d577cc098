using MlOps.Durable;
using MlOps.Registry;
using MlOps.Registry.Rollout;

namespace MlOps.Functions.Activities;

public sealed record RolloutWeightRequest(string Model, int StepIndex, double Weight, string Reason);

/// <summary>
/// Sets the challenger's weight for a step. When the rollout was stopped meanwhile (an operator
/// rolled it back) nothing changes and the mode it is in is returned, so the orchestration ends.
/// </summary>
public sealed class RolloutWeightActivity(ModelRegistryClient registry) : TaskActivity<RolloutWeightRequest, RolloutMode>
{
    public const string Name = "RolloutWeight";

    public override async Task<RolloutMode> RunAsync(TaskActivityContext context, RolloutWeightRequest input)
    {
        var rollout = registry.GetRolloutClient(input.Model);
        try
        {
            return (await rollout.SetWeightAsync(input.StepIndex, input.Weight, input.Reason, cancellationToken: context.ShutdownToken)).Mode;
        }
        catch (ModelRegistryException e) when (e.ErrorCode == ModelRegistryErrorCode.InvalidRolloutTransition)
        {
            return (await rollout.GetStateAsync(context.ShutdownToken))?.Mode ?? RolloutMode.None;
        }
    }
}
