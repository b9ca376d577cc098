namespace MlOps.Learning.Sweeps;

/// <summary>
/// Bayesian optimisation with the Tree-structured Parzen Estimator (Bergstra et al., 2011):
/// after a few random start-up trials, the finished trials are split into the best quarter
/// ("good") and the rest ("bad"); for each parameter a Parzen density is fitted to each group,
/// candidates are drawn from the good density, and the one with the highest good/bad density
/// ratio is proposed. Running trials count as bad (a "constant liar"), so parallel proposals
/// spread out instead of piling onto one point.
/// </summary>
public sealed class TpeSampler : ISampler
{
    private const double Gamma = 0.25;
    private const int Candidates = 24;

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Suggest(SweepSpec spec, IReadOnlyList<TrialRecord> trials, int count)
    {
        var random = Samplers.RandomFor(spec, trials, salt: 7);
        var scored = trials
            .Where(t => t.Status is TrialStatus.Succeeded or TrialStatus.EarlyStopped && Score(t) is not null)
            .OrderByDescending(t => spec.Objective.Direction == ObjectiveDirection.Maximize ? Score(t)!.Value : -Score(t)!.Value)
            .ToList();
        var liars = trials.Where(t => t.Status is TrialStatus.Running or TrialStatus.Pending).Select(t => t.Parameters).ToList();
        var startup = Math.Clamp(spec.MaxTrials / 4, 3, 10);

        var proposals = new List<IReadOnlyDictionary<string, string>>();
        for (var n = 0; n < count; n++)
        {
            IReadOnlyDictionary<string, string> proposal;
            if (scored.Count < startup)
            {
                proposal = spec.Parameters.ToDictionary(p => p.Name, p => Samplers.Uniform(p, random));
            }
            else
            {
                var goodCount = Math.Max(1, (int)Math.Ceiling(Gamma * scored.Count));
                var good = scored.Take(goodCount).Select(t => t.Parameters).ToList();
                var bad = scored.Skip(goodCount).Select(t => t.Parameters).Concat(liars).ToList();
                proposal = spec.Parameters.ToDictionary(p => p.Name, p => SuggestParameter(p, good, bad, random));
            }
            proposals.Add(proposal);
            liars.Add(proposal);
        }
        return proposals;
    }

    private static double? Score(TrialRecord trial) =>
        trial.Status == TrialStatus.EarlyStopped ? trial.Curve?.LastOrDefault()?.Value ?? trial.Objective : trial.Objective;

    private static string SuggestParameter(ParameterSpec parameter, List<IReadOnlyDictionary<string, string>> good, List<IReadOnlyDictionary<string, string>> bad, Random random)
    {
        double[] Points(List<IReadOnlyDictionary<string, string>> group) =>
            group.Where(g => g.ContainsKey(parameter.Name)).Select(g => parameter.ToInternal(g[parameter.Name])).ToArray();

        if (parameter.Type == ParameterType.Categorical)
        {
            var goodWeights = CategoricalWeights(parameter.Values.Count, Points(good));
            var badWeights = CategoricalWeights(parameter.Values.Count, Points(bad));
            // Drawn in proportion to the good/bad ratio rather than taking its maximum: with only a
            // handful of categories the maximum locks onto an early favourite and stops exploring.
            var ratios = goodWeights.Zip(badWeights, (l, g) => l / g).ToArray();
            var total = ratios.Sum();
            var best = Draw(ratios.Select(r => r / total).ToArray(), random);
            return parameter.Values[best];
        }

        var (low, high) = (parameter.InternalMin, parameter.InternalMax);
        var goodDensity = new ParzenEstimator(Points(good), low, high);
        var badDensity = new ParzenEstimator(Points(bad), low, high);
        var bestValue = low;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < Candidates; i++)
        {
            var x = goodDensity.Sample(random);
            var score = goodDensity.LogDensity(x) - badDensity.LogDensity(x);
            if (score > bestScore)
            {
                (bestValue, bestScore) = (x, score);
            }
        }
        return parameter.FromInternal(bestValue);
    }

    private static double[] CategoricalWeights(int categories, double[] observed)
    {
        var weights = Enumerable.Repeat(1.0, categories).ToArray();
        foreach (var index in observed)
        {
            weights[(int)index] += 1;
        }
        var total = weights.Sum();
        return weights.Select(w => w / total).ToArray();
    }

    private static int Draw(double[] weights, Random random)
    {
        var u = random.NextDouble();
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u <= 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }

    /// <summary>A mixture of Gaussians, one per observation plus a wide prior, truncated to [low, high].</summary>
    private sealed class ParzenEstimator
    {
        private readonly double[] means;
        private readonly double[] sigmas;
        private readonly double low;
        private readonly double high;

        public ParzenEstimator(double[] points, double low, double high)
        {
            this.low = low;
            this.high = high;
            var range = high - low;
            var sorted = points.Append((low + high) / 2).Order().ToArray();
            means = sorted;
            sigmas = new double[sorted.Length];
            var minimum = range / Math.Min(100.0, 1.0 + sorted.Length);
            for (var i = 0; i < sorted.Length; i++)
            {
                var left = i > 0 ? sorted[i] - sorted[i - 1] : sorted[i] - low;
                var right = i < sorted.Length - 1 ? sorted[i + 1] - sorted[i] : high - sorted[i];
                sigmas[i] = Math.Clamp(Math.Max(left, right), minimum, range);
            }
            // The prior component (at the midpoint) stays wide so no region is ever ruled out.
            var prior = Array.IndexOf(sorted, (low + high) / 2);
            sigmas[prior] = range;
        }

        public double Sample(Random random)
        {
            var component = random.Next(means.Length);
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var value = means[component] + sigmas[component] * StandardNormal(random);
                if (value >= low && value <= high)
                {
                    return value;
                }
            }
            return Math.Clamp(means[component], low, high);
        }

        public double LogDensity(double x)
        {
            var sum = 0.0;
            for (var i = 0; i < means.Length; i++)
            {
                var z = (x - means[i]) / sigmas[i];
                sum += Math.Exp(-0.5 * z * z) / sigmas[i];
            }
            return Math.Log(sum / means.Length + 1e-300);
        }

        private static double StandardNormal(Random random) =>
            Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
