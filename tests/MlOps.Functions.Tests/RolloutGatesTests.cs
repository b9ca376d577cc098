using MlOps.Functions.Inference;
using MlOps.Functions.Rollout;

namespace MlOps.Functions.Tests;

public sealed class RolloutGatesTests
{
    private static readonly GateThresholds Thresholds = GateThresholds.From(new RolloutOptions { MinRequests = 100, MinComparedRows = 50, MinFeedbackRows = 50 });
    private static readonly RolloutStep Shadow = new(0, 0, TimeSpan.FromMinutes(1));

    private static VersionCounters Counters(long requests, long errors = 0, double latencyMs = 1, long[]? classes = null, long compared = 0, long agreed = 0, long feedback = 0, long correct = 0)
    {
        var buckets = new long[LatencyHistogram.BucketCount];
        buckets[LatencyHistogram.BucketOf(latencyMs)] = requests;
        return new VersionCounters
        {
            ServedRequests = requests,
            Errors = errors,
            Rows = requests,
            Classes = classes ?? [requests / 5, requests / 5, requests / 5, requests / 5, requests / 5],
            LatencyBuckets = buckets,
            ComparedRows = compared,
            AgreedRows = agreed,
            FeedbackRows = feedback,
            FeedbackCorrect = correct,
        };
    }

    [Fact]
    public void A_challenger_as_good_as_the_champion_passes_every_gate()
    {
        var champion = Counters(1000, errors: 2, feedback: 200, correct: 170);
        var challenger = Counters(500, errors: 1, compared: 400, agreed: 360, feedback: 100, correct: 95);

        var verdict = RolloutGates.Evaluate(Shadow, Thresholds, challenger, champion, challenger, champion, approved: false, DateTimeOffset.UnixEpoch);

        Assert.False(verdict.Failed);
        Assert.False(verdict.NeedsMoreData);
        Assert.Equal([RolloutGates.Requests, RolloutGates.ErrorRate, RolloutGates.P95Latency, RolloutGates.ClassDivergence, RolloutGates.Agreement, RolloutGates.FeedbackAccuracy],
            verdict.Results.Select(r => r.Metric));
        Assert.StartsWith("step 0 (shadow) gate passed", verdict.Summary);
    }

    [Theory]
    [InlineData(RolloutGates.ErrorRate, "errorRate 0.1 > 0.012")]
    [InlineData(RolloutGates.P95Latency, "p95LatencyMs")]
    [InlineData(RolloutGates.ClassDivergence, "classDivergence")]
    [InlineData(RolloutGates.Agreement, "agreement 0.5 < 0.7")]
    [InlineData(RolloutGates.FeedbackAccuracy, "feedbackAccuracy 0.6 < 0.83")]
    public void Each_gate_fails_on_its_own_and_says_by_how_much(string metric, string expected)
    {
        var champion = Counters(1000, errors: 2, latencyMs: 1, feedback: 200, correct: 170);
        var challenger = metric switch
        {
            RolloutGates.ErrorRate => Counters(500, errors: 50),
            RolloutGates.P95Latency => Counters(500, latencyMs: 40),
            RolloutGates.ClassDivergence => Counters(500, classes: [500, 0, 0, 0, 0]),
            RolloutGates.Agreement => Counters(500, compared: 400, agreed: 200),
            _ => Counters(500, feedback: 100, correct: 60),
        };

        var verdict = RolloutGates.Evaluate(Shadow, Thresholds, challenger, champion, challenger, champion, approved: false, DateTimeOffset.UnixEpoch);

        Assert.True(verdict.Failed);
        Assert.Equal([metric], verdict.Results.Where(r => !r.Passed).Select(r => r.Metric));
        Assert.Contains(expected, verdict.Summary);
    }

    [Fact]
    public void After_drift_a_challenger_that_differs_from_the_champion_passes_when_the_true_classes_favour_it()
    {
        var champion = Counters(1000, feedback: 200, correct: 120);
        var differs = Counters(500, classes: [300, 50, 50, 50, 50], compared: 400, agreed: 220);
        var differsAndRight = Counters(500, classes: [300, 50, 50, 50, 50], compared: 400, agreed: 220, feedback: 100, correct: 95);

        var noLabels = RolloutGates.Evaluate(Shadow, Thresholds, differs, champion, differs, champion, approved: false, DateTimeOffset.UnixEpoch);
        var withLabels = RolloutGates.Evaluate(Shadow, Thresholds, differsAndRight, champion, differsAndRight, champion, approved: false, DateTimeOffset.UnixEpoch);

        Assert.True(noLabels.Failed);
        Assert.Contains("classDivergence", noLabels.Summary);
        Assert.False(withLabels.Failed);
        Assert.Contains(withLabels.Results, r => r.Metric == RolloutGates.ClassDivergence && !r.Passed);
        Assert.Contains("feedback accuracy outweighs the divergence", withLabels.Summary);
    }

    [Fact]
    public void Too_little_traffic_asks_for_more_unless_an_operator_approved()
    {
        var champion = Counters(1000);
        var challenger = Counters(20);

        var waiting = RolloutGates.Evaluate(Shadow, Thresholds, challenger, champion, challenger, champion, approved: false, DateTimeOffset.UnixEpoch);
        var approved = RolloutGates.Evaluate(Shadow, Thresholds, challenger, champion, challenger, champion, approved: true, DateTimeOffset.UnixEpoch);

        Assert.True(waiting.NeedsMoreData);
        Assert.False(waiting.Failed);
        Assert.Contains("fewer than the 100 a gate needs", waiting.Summary);
        Assert.False(approved.NeedsMoreData);
        Assert.Contains("on approval, short of data", approved.Summary);
    }

    [Fact]
    public void At_full_weight_the_champion_is_judged_on_what_it_served_since_the_rollout_began()
    {
        var step = new RolloutStep(4, 100, TimeSpan.FromMinutes(1));
        var challenger = Counters(500, errors: 40);
        var championSinceStart = Counters(2000, errors: 100);

        var verdict = RolloutGates.Evaluate(step, Thresholds, challenger, VersionCounters.Empty, challenger, championSinceStart, approved: false, DateTimeOffset.UnixEpoch);

        var errorRate = Assert.Single(verdict.Results, r => r.Metric == RolloutGates.ErrorRate);
        Assert.Equal((0.08, 0.06), (errorRate.Value, errorRate.Threshold));
        Assert.True(verdict.Failed);
        Assert.StartsWith("step 4 (100%) gate failed", verdict.Summary);
    }

    [Theory]
    [InlineData(0.005)]
    [InlineData(0.4)]
    [InlineData(1.0)]
    [InlineData(100)]
    public void Latency_percentiles_are_the_upper_bound_of_their_bucket_at_most_a_fifth_high(double milliseconds)
    {
        var buckets = new long[LatencyHistogram.BucketCount];
        buckets[LatencyHistogram.BucketOf(milliseconds)] = 9;
        buckets[LatencyHistogram.BucketOf(milliseconds * 100)] = 1;

        var p50 = LatencyHistogram.Percentile(buckets, 0.5)!.Value;
        var p99 = LatencyHistogram.Percentile(buckets, 0.99)!.Value;

        Assert.InRange(p50, milliseconds, Math.Max(0.01, milliseconds * 1.2) + 0.001);
        Assert.InRange(p99, milliseconds * 100, milliseconds * 120 + 0.001);
    }

    [Fact]
    public void Jensen_Shannon_divergence_is_zero_for_the_same_shares_and_one_for_disjoint_classes()
    {
        Assert.Equal(0, RolloutGates.JensenShannon([10, 20, 30, 0, 0], [1, 2, 3, 0, 0]), 9);
        Assert.Equal(1, RolloutGates.JensenShannon([10, 0, 0, 0, 0], [0, 0, 0, 0, 7]), 9);
    }
}
