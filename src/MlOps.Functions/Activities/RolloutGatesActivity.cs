using MlOps.Durable;
using MlOps.Registry;
using MlOps.Registry.Rollout;

namespace MlOps.Functions.Activities;

public sealed record RolloutGatesRequest(string Model, IReadOnlyList<GateResult> Results);

/// <summary>Records a step's gate results in the rollout state's history (a retry adds nothing twice).</summary>
public sealed class RolloutGatesActivity(ModelRegistryClient registry) : TaskActivity<RolloutGatesRequest, int>
{
    public const string Name = "RolloutGates";

    public override async Task<int> RunAsync(TaskActivityContext context, RolloutGatesRequest input)
    {
        try
        {
            return (await registry.GetRolloutClient(input.Model).RecordGateResultsAsync(input.Results, context.ShutdownToken)).Gates.Count;
        }
        catch (ModelRegistryException e) when (e.ErrorCode == ModelRegistryErrorCode.InvalidRolloutTransition)
        {
            return 0;
        }
    }
}
