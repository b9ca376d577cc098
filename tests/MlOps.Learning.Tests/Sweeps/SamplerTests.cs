using System.Globalization;
using MlOps.Learning.Sweeps;

namespace MlOps.Learning.Tests.Sweeps;

public sealed class SamplerTests
{
    private static readonly SweepSpec Space = SweepSpec.Default with { MaxTrials = 30 };

    [Fact]
    public void Random_draws_stay_in_range_follow_the_log_scale_and_repeat_for_the_same_history()
    {
        var sampler = new RandomSampler();
        var draws = Enumerable.Range(0, 40).SelectMany(i => sampler.Suggest(Space with { Seed = i }, [], 10)).ToList();
        var again = sampler.Suggest(Space with { Seed = 3 }, [], 10);

        Assert.Equal(sampler.Suggest(Space with { Seed = 3 }, [], 10), again);
        var sigmas = draws.Select(d => double.Parse(d["embeddingSigma"], CultureInfo.InvariantCulture)).ToList();
        Assert.All(sigmas, s => Assert.InRange(s, 1e-6, 10));
        // Log-uniform over seven decades: about half the draws fall below 10^-2.5.
        Assert.InRange(sigmas.Count(s => s < Math.Pow(10, -2.5)) / (double)sigmas.Count, 0.4, 0.6);
        Assert.Equal(["gbdt", "mlp", "rf", "svm"], draws.Select(d => d["model"]).Distinct().Order());
    }

    [Fact]
    public void Grid_walks_the_whole_product_once_then_stops()
    {
        var spec = Space with
        {
            Parameters =
            [
                new ParameterSpec("model", ParameterType.Categorical, ["rf", "svm"]),
                new ParameterSpec("sigma", ParameterType.Double, [], 0.001, 10, ParameterScale.Log),
            ],
            GridPoints = 5,
        };
        var sampler = new GridSampler();
        var trials = new List<TrialRecord>();
        while (sampler.Suggest(spec, trials, 3) is { Count: > 0 } batch)
        {
            trials.AddRange(batch.Select((p, i) => new TrialRecord($"t{trials.Count + i}", p, TrialStatus.Succeeded, 0.5)));
        }

        Assert.Equal(10, trials.Count);
        Assert.Equal(10, trials.Select(t => $"{t.Parameters["model"]}/{t.Parameters["sigma"]}").Distinct().Count());
        Assert.Equal(["0.001", "0.01", "0.1", "1", "10"], trials.Select(t => double.Parse(t.Parameters["sigma"], CultureInfo.InvariantCulture)).Distinct().Order().Select(v => Math.Round(v, 6).ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Bayesian_search_beats_random_search_on_a_known_optimum_with_the_same_budget()
    {
        // Optimum: model gbdt, embeddingDim 6, trainingFraction 0.7, embeddingSigma = 10^-1.5.
        static double Objective(IReadOnlyDictionary<string, string> p)
        {
            var logSigma = Math.Log10(double.Parse(p["embeddingSigma"], CultureInfo.InvariantCulture));
            var model = p["model"] switch { "gbdt" => 0.15, "rf" => 0.1, "mlp" => 0.05, _ => 0.0 };
            var dim = p["embeddingDim"] == "6" ? 0.1 : 0.0;
            var fraction = double.Parse(p["trainingFraction"], CultureInfo.InvariantCulture) * 0.1;
            return model + dim + fraction + 0.6 * Math.Exp(-Math.Pow(logSigma + 1.5, 2) / 0.5);
        }

        static double Best(ISampler sampler, int seed)
        {
            var spec = Space with { Seed = seed, MaxTrials = 40 };
            var trials = new List<TrialRecord>();
            while (trials.Count < spec.MaxTrials)
            {
                foreach (var p in sampler.Suggest(spec, trials, 2))
                {
                    trials.Add(new TrialRecord($"t{trials.Count}", p, TrialStatus.Succeeded, Objective(p)));
                }
            }
            return trials.Max(t => t.Objective!.Value);
        }

        var seeds = Enumerable.Range(1, 20).ToList();
        var tpe = seeds.Average(s => Best(new TpeSampler(), s));
        var random = seeds.Average(s => Best(new RandomSampler(), s));

        Assert.True(tpe > random + 0.04, $"TPE mean best {tpe:0.000} vs random {random:0.000}");
        Assert.True(tpe > 0.82, $"TPE mean best {tpe:0.000} should approach the optimum 0.92");
    }

    [Fact]
    public void Bayesian_proposals_in_one_batch_differ_from_each_other()
    {
        var trials = Enumerable.Range(0, 12)
            .Select(i => new TrialRecord($"t{i}", new RandomSampler().Suggest(Space with { Seed = 100 + i }, [], 1)[0], TrialStatus.Succeeded, i / 12.0))
            .ToList();

        var batch = new TpeSampler().Suggest(Space, trials, 3);

        Assert.Equal(3, batch.Select(p => string.Join(",", p.OrderBy(kv => kv.Key).Select(kv => kv.Value))).Distinct().Count());
        Assert.Equal(batch, new TpeSampler().Suggest(Space, trials, 3));
    }
}
