using System.Globalization;
using MlOps.Functions.Inference;
using MlOps.Registry.Rollout;

namespace MlOps.Functions.Rollout;

/// <summary>The gate verdict of a step: every comparison made, whether one failed, whether there was too little traffic to judge, and why.</summary>
public sealed record GateVerdict(IReadOnlyList<GateResult> Results, bool Failed, bool NeedsMoreData, string Summary);

/// <summary>
/// The analysis gates, a pure function of counters: the challenger's counters over the step
/// against the champion's (over the same step when it served enough there, else since the
/// rollout began: at 100 % the champion serves nothing). Error rate, p95 scoring latency,
/// class-distribution divergence and agreement on mirrored rows are judged on the step;
/// feedback accuracy, which arrives slowly, on everything since the rollout began.
/// A comparison is only made when both sides have enough data for it. Divergence and agreement
/// stand in for correctness when no labels come back; when feedback accuracy has been judged
/// and passed, they are recorded but do not fail the gate: after drift, a challenger that is
/// right where the champion is wrong must predict differently.
/// </summary>
public static class RolloutGates
{
    public const string Requests = "requests";
    public const string ErrorRate = "errorRate";
    public const string P95Latency = "p95LatencyMs";
    public const string ClassDivergence = "classDivergence";
    public const string Agreement = "agreement";
    public const string FeedbackAccuracy = "feedbackAccuracy";

    public static GateVerdict Evaluate(
        RolloutStep step,
        GateThresholds thresholds,
        VersionCounters challengerStep,
        VersionCounters championStep,
        VersionCounters challengerSinceStart,
        VersionCounters championSinceStart,
        bool approved,
        DateTimeOffset at)
    {
        var results = new List<GateResult>();
        GateResult Add(string metric, double value, double threshold, GateComparison comparison)
        {
            var result = GateResult.Evaluate(step.Index, metric, Math.Round(value, 6), Math.Round(threshold, 6), comparison, at);
            results.Add(result);
            return result;
        }

        var enough = Add(Requests, challengerStep.Requests, thresholds.MinRequests, GateComparison.AtLeast);
        var champion = championStep.Requests >= thresholds.MinRequests ? championStep : championSinceStart;
        if (enough.Passed || challengerStep.Requests > 0)
        {
            if (challengerStep.Requests > 0)
            {
                var championRate = champion.Requests == 0 ? 0 : (double)champion.Errors / champion.Requests;
                Add(ErrorRate, (double)challengerStep.Errors / challengerStep.Requests, championRate + thresholds.MaxErrorRateIncrease, GateComparison.AtMost);
            }
            if (LatencyHistogram.Percentile(challengerStep.LatencyBuckets, 0.95) is { } challengerP95
                && LatencyHistogram.Percentile(champion.LatencyBuckets, 0.95) is { } championP95)
            {
                Add(P95Latency, challengerP95, championP95 * thresholds.MaxLatencyRatio + thresholds.LatencySlackMilliseconds, GateComparison.AtMost);
            }
            if (challengerStep.Classes.Sum() > 0 && champion.Classes.Sum() > 0)
            {
                Add(ClassDivergence, JensenShannon(challengerStep.Classes, champion.Classes), thresholds.MaxClassDivergence, GateComparison.AtMost);
            }
            if (challengerStep.ComparedRows >= thresholds.MinComparedRows)
            {
                Add(Agreement, (double)challengerStep.AgreedRows / challengerStep.ComparedRows, thresholds.MinAgreement, GateComparison.AtLeast);
            }
        }
        if (challengerSinceStart.FeedbackRows >= thresholds.MinFeedbackRows && championSinceStart.FeedbackRows >= thresholds.MinFeedbackRows)
        {
            var championAccuracy = (double)championSinceStart.FeedbackCorrect / championSinceStart.FeedbackRows;
            Add(FeedbackAccuracy, (double)challengerSinceStart.FeedbackCorrect / challengerSinceStart.FeedbackRows, championAccuracy - thresholds.MaxAccuracyDrop, GateComparison.AtLeast);
        }

        var labelsVouch = results.Any(r => r.Metric == FeedbackAccuracy && r.Passed);
        var failed = results.Where(r => !r.Passed && r.Metric != Requests && !(labelsVouch && r.Metric is ClassDivergence or Agreement)).ToList();
        var needsData = !enough.Passed && !approved;
        string summary;
        if (failed.Count > 0)
        {
            summary = $"{step.Describe()} gate failed: {string.Join("; ", failed.Select(Describe))}";
        }
        else if (needsData)
        {
            summary = $"{step.Describe()}: the challenger scored {challengerStep.Requests} requests, fewer than the {thresholds.MinRequests} a gate needs";
        }
        else
        {
            summary = $"{step.Describe()} gate passed ({string.Join("; ", results.Select(Describe))}){(approved && !enough.Passed ? " on approval, short of data" : "")}" +
                (results.Any(r => !r.Passed && r.Metric is ClassDivergence or Agreement) ? "; feedback accuracy outweighs the divergence from the champion" : "");
        }
        return new GateVerdict(results, failed.Count > 0, needsData, summary);
    }

    /// <summary>Jensen–Shannon divergence in bits (0 same distribution, 1 disjoint) of two count vectors.</summary>
    public static double JensenShannon(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        double totalA = a.Sum(), totalB = b.Sum();
        double divergence = 0;
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var p = i < a.Count ? a[i] / totalA : 0;
            var q = i < b.Count ? b[i] / totalB : 0;
            var m = (p + q) / 2;
            if (p > 0)
            {
                divergence += 0.5 * p * Math.Log2(p / m);
            }
            if (q > 0)
            {
                divergence += 0.5 * q * Math.Log2(q / m);
            }
        }
        return Math.Clamp(divergence, 0, 1);
    }

    public static string Describe(GateResult r) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{r.Metric} {r.Value:0.####} {(r.Comparison == GateComparison.AtMost ? (r.Passed ? "≤" : ">") : (r.Passed ? "≥" : "<"))} {r.Threshold:0.####}");
}
