namespace MlOps.Learning.Sweeps;

/// <summary>Independent uniform draws over the space (log-uniform on log scales).</summary>
public sealed class RandomSampler : ISampler
{
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Suggest(SweepSpec spec, IReadOnlyList<TrialRecord> trials, int count)
    {
        var random = Samplers.RandomFor(spec, trials);
        return Enumerable.Range(0, count)
            .Select(_ => (IReadOnlyDictionary<string, string>)spec.Parameters.ToDictionary(p => p.Name, p => Samplers.Uniform(p, random)))
            .ToList();
    }
}
