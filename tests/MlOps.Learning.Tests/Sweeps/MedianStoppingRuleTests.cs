using MlOps.Learning.Sweeps;

namespace MlOps.Learning.Tests.Sweeps;

public sealed class MedianStoppingRuleTests
{
    private static TrialRecord Completed(string id, params double[] curve) =>
        new(id, new Dictionary<string, string>(), TrialStatus.Succeeded, curve[^1], curve.Select((v, i) => new IntermediateValue(i + 1, v)).ToList());

    private static IntermediateValue[] Curve(params double[] values) => values.Select((v, i) => new IntermediateValue(i + 1, v)).ToArray();

    [Fact]
    public void A_trial_below_the_median_of_completed_trials_at_the_same_step_is_stopped()
    {
        var rule = new MedianStoppingRule(new EarlyStoppingSpec(MinTrialsRequired: 2, StartStep: 1), ObjectiveDirection.Maximize);
        var completed = new[] { Completed("a", 0.6, 0.7, 0.8), Completed("b", 0.5, 0.8, 0.9), Completed("c", 0.4, 0.6, 0.7) };

        var weak = rule.Evaluate(Curve(0.5, 0.55), completed);
        var strong = rule.Evaluate(Curve(0.5, 0.75), completed);

        Assert.True(weak.Stop);
        Assert.Equal(0.7, weak.Median);
        Assert.Equal(3, weak.ComparedTrials);
        Assert.Contains("median 0.7", weak.Reason, StringComparison.Ordinal);
        Assert.False(strong.Stop);
    }

    [Fact]
    public void Nothing_is_stopped_before_enough_trials_completed_or_before_the_start_step()
    {
        var completed = new[] { Completed("a", 0.9, 0.9, 0.9), Completed("b", 0.9, 0.9, 0.9) };

        Assert.False(new MedianStoppingRule(new EarlyStoppingSpec(3, 1), ObjectiveDirection.Maximize).Evaluate(Curve(0.1), completed).Stop);
        Assert.False(new MedianStoppingRule(new EarlyStoppingSpec(2, 3), ObjectiveDirection.Maximize).Evaluate(Curve(0.1, 0.1), completed).Stop);
        Assert.True(new MedianStoppingRule(new EarlyStoppingSpec(2, 3), ObjectiveDirection.Maximize).Evaluate(Curve(0.1, 0.1, 0.1), completed).Stop);
    }

    [Fact]
    public void Minimised_objectives_stop_trials_above_the_median_and_failed_trials_do_not_count()
    {
        var rule = new MedianStoppingRule(new EarlyStoppingSpec(2, 1), ObjectiveDirection.Minimize);
        var trials = new[]
        {
            Completed("a", 0.2, 0.1), Completed("b", 0.3, 0.2),
            new TrialRecord("f", new Dictionary<string, string>(), TrialStatus.Failed, null, Curve(9, 9)),
        };

        Assert.True(rule.Evaluate(Curve(0.5, 0.4), trials).Stop);
        Assert.False(rule.Evaluate(Curve(0.5, 0.1), trials).Stop);
        Assert.Equal(2, rule.Evaluate(Curve(0.5, 0.1), trials).ComparedTrials);
    }
}
