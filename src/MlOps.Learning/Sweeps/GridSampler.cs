namespace MlOps.Learning.Sweeps;

/// <summary>
/// Walks the cartesian product in a fixed order: every categorical value, and
/// <see cref="SweepSpec.GridPoints"/> evenly spaced points (log-spaced on log scales) for
/// numeric ranges. Returns fewer proposals than asked once the grid is used up.
/// </summary>
public sealed class GridSampler : ISampler
{
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Suggest(SweepSpec spec, IReadOnlyList<TrialRecord> trials, int count)
    {
        var axes = spec.Parameters.Select(p => Axis(p, spec.GridPoints)).ToList();
        var total = axes.Aggregate(1L, (product, axis) => product * axis.Count);
        var proposals = new List<IReadOnlyDictionary<string, string>>();
        for (long index = trials.Count; index < total && proposals.Count < count; index++)
        {
            var point = new Dictionary<string, string>();
            var rest = index;
            for (var i = spec.Parameters.Count - 1; i >= 0; i--)
            {
                point[spec.Parameters[i].Name] = axes[i][(int)(rest % axes[i].Count)];
                rest /= axes[i].Count;
            }
            proposals.Add(point);
        }
        return proposals;
    }

    private static List<string> Axis(ParameterSpec parameter, int points)
    {
        if (parameter.Type == ParameterType.Categorical)
        {
            return parameter.Values.ToList();
        }
        var values = Enumerable.Range(0, points)
            .Select(i => parameter.FromInternal(parameter.InternalMin + i * (parameter.InternalMax - parameter.InternalMin) / (points - 1)));
        return values.Distinct().ToList();
    }
}
