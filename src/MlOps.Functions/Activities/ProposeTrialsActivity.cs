using MlOps.Durable;
using MlOps.Learning.Sweeps;

namespace MlOps.Functions.Activities;

public sealed record ProposeTrialsInput(string Spec, IReadOnlyList<TrialRecord> Trials, int Count);

/// <summary>The sampler's next proposals. An activity, so its answer is recorded in the history and replays unchanged.</summary>
public sealed class ProposeTrialsActivity : TaskActivity<ProposeTrialsInput, IReadOnlyList<IReadOnlyDictionary<string, string>>>
{
    public const string Name = "ProposeTrials";

    public override Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> RunAsync(TaskActivityContext context, ProposeTrialsInput input)
    {
        var spec = SweepSpecParser.Parse(input.Spec, "sweep");
        return Task.FromResult(Samplers.For(spec.Algorithm).Suggest(spec, input.Trials, input.Count));
    }
}
