namespace MlOps.Functions.Inference;

/// <summary>
/// The latency buckets every host uses, so histograms from different hosts add up: bucket 0
/// holds everything under 10 µs, bucket i (1 ≤ i &lt; <see cref="BucketCount"/>−1) holds
/// [10 µs × 1.2^(i−1), 10 µs × 1.2^i), and the last bucket everything above (about 27 s).
/// Percentiles are reported as the upper bound of the bucket they fall in (at most 20 % high).
/// </summary>
public static class LatencyHistogram
{
    public const int BucketCount = 82;

    private const double FirstBoundMilliseconds = 0.01;
    private const double Growth = 1.2;
    private static readonly double LogGrowth = Math.Log(Growth);

    public static int BucketOf(double milliseconds)
    {
        if (!(milliseconds >= FirstBoundMilliseconds))
        {
            return 0;
        }
        var index = 1 + (int)Math.Floor(Math.Log(milliseconds / FirstBoundMilliseconds) / LogGrowth);
        return Math.Min(index, BucketCount - 1);
    }

    /// <summary>The upper bound of bucket <paramref name="bucket"/> in milliseconds (the last bucket's lower bound for the overflow bucket).</summary>
    public static double UpperBound(int bucket) =>
        FirstBoundMilliseconds * Math.Pow(Growth, Math.Min(bucket, BucketCount - 2));

    /// <summary>The <paramref name="quantile"/> (0–1) of the counts, or null when they are all zero.</summary>
    public static double? Percentile(IReadOnlyList<long> buckets, double quantile)
    {
        long total = 0;
        foreach (var count in buckets)
        {
            total += count;
        }
        if (total == 0)
        {
            return null;
        }
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            seen += buckets[i];
            if (seen >= Math.Max(rank, 1))
            {
                return Math.Round(UpperBound(i), 3);
            }
        }
        return Math.Round(UpperBound(buckets.Count - 1), 3);
    }
}
