using MlOps.Registry.Rollout;

namespace MlOps.Functions.Inference;

/// <summary>
/// Cumulative online counters of one model version (on one host, or added up over hosts):
/// requests it served and requests mirrored to it, failures, rows scored and the classes it
/// predicted, scoring latency buckets (<see cref="LatencyHistogram"/>), agreement with the
/// champion on mirrored rows, and labelled feedback. Counters only grow, so the difference of
/// two readings is the traffic in between (a rollout step's window).
/// </summary>
public sealed record VersionCounters
{
    public long ServedRequests { get; init; }

    public long MirroredRequests { get; init; }

    /// <summary>Scoring attempts (served or mirrored) that failed.</summary>
    public long Errors { get; init; }

    public long Rows { get; init; }

    /// <summary>Rows predicted as class 1..5 (index 0..4).</summary>
    public long[] Classes { get; init; } = new long[5];

    /// <summary>Mirrored rows compared with the version that served them, and how many got the same class.</summary>
    public long ComparedRows { get; init; }

    public long AgreedRows { get; init; }

    /// <summary>Rows with a true class from feedback, and how many this version predicted right.</summary>
    public long FeedbackRows { get; init; }

    public long FeedbackCorrect { get; init; }

    /// <summary>Mirrored requests dropped because the background queue was full.</summary>
    public long MirrorDropped { get; init; }

    public long[] LatencyBuckets { get; init; } = new long[LatencyHistogram.BucketCount];

    public static VersionCounters Empty { get; } = new();

    public long Requests => ServedRequests + MirroredRequests;

    public VersionCounters Plus(VersionCounters other) => Combine(other, 1);

    public VersionCounters Minus(VersionCounters other) => Combine(other, -1);

    public VersionSummary Summarize(int version) => new(
        version,
        ServedRequests,
        MirroredRequests,
        Errors,
        Requests == 0 ? null : Math.Round((double)Errors / Requests, 6),
        Rows,
        LatencyHistogram.Percentile(LatencyBuckets, 0.50),
        LatencyHistogram.Percentile(LatencyBuckets, 0.95),
        LatencyHistogram.Percentile(LatencyBuckets, 0.99),
        ClassShares(),
        ComparedRows,
        ComparedRows == 0 ? null : Math.Round((double)AgreedRows / ComparedRows, 6),
        FeedbackRows,
        FeedbackRows == 0 ? null : Math.Round((double)FeedbackCorrect / FeedbackRows, 6),
        MirrorDropped);

    /// <summary>Share of rows predicted as each class (index 0 = class 1); all zero with no rows.</summary>
    public double[] ClassShares()
    {
        var total = Classes.Sum();
        return Classes.Select(c => total == 0 ? 0 : Math.Round((double)c / total, 6)).ToArray();
    }

    private VersionCounters Combine(VersionCounters other, int sign) => new()
    {
        ServedRequests = ServedRequests + sign * other.ServedRequests,
        MirroredRequests = MirroredRequests + sign * other.MirroredRequests,
        Errors = Errors + sign * other.Errors,
        Rows = Rows + sign * other.Rows,
        Classes = Add(Classes, other.Classes, sign),
        ComparedRows = ComparedRows + sign * other.ComparedRows,
        AgreedRows = AgreedRows + sign * other.AgreedRows,
        FeedbackRows = FeedbackRows + sign * other.FeedbackRows,
        FeedbackCorrect = FeedbackCorrect + sign * other.FeedbackCorrect,
        MirrorDropped = MirrorDropped + sign * other.MirrorDropped,
        LatencyBuckets = Add(LatencyBuckets, other.LatencyBuckets, sign),
    };

    private static long[] Add(long[] a, long[] b, int sign)
    {
        var result = new long[Math.Max(a.Length, b.Length)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (i < a.Length ? a[i] : 0) + sign * (i < b.Length ? b[i] : 0);
        }
        return result;
    }
}
