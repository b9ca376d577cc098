using MlOps.Durable;
using MlOps.Registry;
using MlOps.Registry.Rollout;

namespace MlOps.Functions.Activities;

public sealed record RolloutPauseRequest(string Model, bool Pause, string Reason);

/// <summary>Pauses (weights frozen as they are) or resumes the rollout; returns the mode it is in after.</summary>
public sealed class RolloutPauseActivity(ModelRegistryClient registry) : TaskActivity<RolloutPauseRequest, RolloutMode>
{
    public const string Name = "RolloutPause";

    public override async Task<RolloutMode> RunAsync(TaskActivityContext context, RolloutPauseRequest input)
    {
        var rollout = registry.GetRolloutClient(input.Model);
        try
        {
            var state = input.Pause
                ? await rollout.PauseAsync(input.Reason, context.ShutdownToken)
                : await rollout.ResumeAsync(input.Reason, context.ShutdownToken);
            return state.Mode;
        }
        catch (ModelRegistryException e) when (e.ErrorCode == ModelRegistryErrorCode.InvalidRolloutTransition)
        {
            return (await rollout.GetStateAsync(context.ShutdownToken))?.Mode ?? RolloutMode.None;
        }
    }
}
