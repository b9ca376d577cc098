using MlOps.Learning.Sweeps;

namespace MlOps.Learning.Tests.Sweeps;

public sealed class SweepSpecParserTests
{
    [Fact]
    public void A_YAML_spec_reads_into_the_sweep_it_describes()
    {
        var spec = SweepSpecParser.Parse("""
            algorithm: grid
            seed: 7
            objective: { metric: kappa, direction: maximize, goal: 0.95 }
            limits: { maxTrials: 12, parallelTrials: 2, maxFailedTrials: 1, trialTimeout: 90s, timeout: 2h }
            earlyStopping: { algorithm: median, minTrialsRequired: 3, startStep: 2 }
            parameters:
              - { name: model, type: categorical, values: [rf, gbdt] }
              - { name: trees, type: int, min: 10, max: 200 }
              - { name: embeddingSigma, type: double, min: 1.0e-6, max: 10, scale: log }
            """);

        Assert.Equal(SamplingAlgorithm.Grid, spec.Algorithm);
        Assert.Equal(new SweepObjective("kappa", ObjectiveDirection.Maximize, 0.95), spec.Objective);
        Assert.Equal((12, 2, 1), (spec.MaxTrials, spec.ParallelTrials, spec.MaxFailedTrials));
        Assert.Equal(TimeSpan.FromSeconds(90), spec.TrialTimeout);
        Assert.Equal(TimeSpan.FromHours(2), spec.Timeout);
        Assert.Equal(new EarlyStoppingSpec(3, 2), spec.EarlyStopping);
        Assert.Equal(["model", "trees", "embeddingSigma"], spec.Parameters.Select(p => p.Name));
        Assert.Equal(ParameterScale.Log, spec.Parameters[2].Scale);
        Assert.Equal(1e-6, spec.Parameters[2].Min);
    }

    [Fact]
    public void JSON_is_accepted_too_and_omitted_sections_take_the_published_defaults()
    {
        var spec = SweepSpecParser.Parse("""{ "limits": { "maxTrials": 4, "parallelTrials": 2 } }""");

        Assert.Equal(4, spec.MaxTrials);
        Assert.Equal(SweepSpec.Default.Parameters, spec.Parameters);
        Assert.Equal(SamplingAlgorithm.Bayesian, spec.Algorithm);
        Assert.Equal(0.99, spec.Objective.Goal);
    }

    [Fact]
    public void The_default_spec_is_the_published_pipelines_search_space()
    {
        var spec = SweepSpec.Default;

        Assert.Equal(["rf", "svm", "gbdt", "mlp"], spec.Parameters.Single(p => p.Name == "model").Values);
        Assert.Equal(["0.3", "0.5", "0.7"], spec.Parameters.Single(p => p.Name == "trainingFraction").Values);
        Assert.Equal(["0", "2", "3", "6", "7"], spec.Parameters.Single(p => p.Name == "embeddingDim").Values);
        var sigma = spec.Parameters.Single(p => p.Name == "embeddingSigma");
        Assert.Equal((1e-6, 10.0, ParameterScale.Log), (sigma.Min, sigma.Max, sigma.Scale));
        Assert.Equal((30, 3, 3), (spec.MaxTrials, spec.ParallelTrials, spec.MaxFailedTrials));
        Assert.Equal(2, spec.EarlyStopping!.MinTrialsRequired);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_line_and_field()
    {
        var error = Assert.Throws<SweepSpecException>(() => SweepSpecParser.Parse("""
            algorithm: annealing
            limits: { maxTrials: 2, parallelTrials: 5, trialTimeout: soon }
            objective: { metric: accuracy, goal: high }
            parameters:
              - { name: model, type: categorical, values: [] }
              - { name: sigma, type: double, min: 0, max: 1, scale: log }
              - { name: depth, type: int, min: 9, max: 3, colour: red }
            """, "sweep.yaml"));

        Assert.Contains("sweep.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Errors, e => e.StartsWith("line 1:", StringComparison.Ordinal) && e.Contains("annealing", StringComparison.Ordinal) && e.Contains("bayesian", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("limits.trialTimeout", StringComparison.Ordinal) && e.Contains("soon", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("objective.goal", StringComparison.Ordinal) && e.Contains("not a number", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("line 5:", StringComparison.Ordinal) && e.Contains("(model)", StringComparison.Ordinal) && e.Contains("non-empty", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("(sigma)", StringComparison.Ordinal) && e.Contains("log scale needs min > 0", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("(depth)", StringComparison.Ordinal) && e.Contains("min (9) must be less than max (3)", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("unknown field", StringComparison.Ordinal) && e.Contains("colour", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("parallelTrials (5) is more than limits.maxTrials (2)", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_YAML_names_the_line()
    {
        var error = Assert.Throws<SweepSpecException>(() => SweepSpecParser.Parse("seed: 3\nlimits: {maxTrials: 3\n  parallelTrials: [1, 2\n", "bad.yaml"));
        var scannerError = Assert.Throws<SweepSpecException>(() => SweepSpecParser.Parse("limits: { maxTrials: 3\nseed: [", "bad.yaml"));

        Assert.StartsWith("line ", error.Errors.Single(), StringComparison.Ordinal);
        Assert.Contains("not valid YAML or JSON", scannerError.Errors.Single(), StringComparison.Ordinal);
    }
}
