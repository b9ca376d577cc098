namespace MlOps.Learning.Drift;

/// <summary>Distribution-shift statistics between a reference sample and a new one, as plain functions.</summary>
public static class DriftStatistics
{
    private const double Floor = 1e-4;

    /// <summary>
    /// Population stability index over <paramref name="bins"/> bins cut at the reference's
    /// quantiles: Σ (aᵢ − eᵢ)·ln(aᵢ / eᵢ), with empty bins floored at 10⁻⁴. By the usual
    /// reading, under 0.1 is stable, 0.1–0.25 a moderate shift, over 0.25 a major one.
    /// </summary>
    public static double PopulationStabilityIndex(ReadOnlySpan<float> reference, ReadOnlySpan<float> current, int bins = 10)
    {
        RequireSamples(reference, current);
        var sorted = reference.ToArray();
        Array.Sort(sorted);
        var edges = new float[bins - 1];
        for (var i = 1; i < bins; i++)
        {
            edges[i - 1] = sorted[(int)((long)i * sorted.Length / bins)];
        }
        var expected = Histogram(reference, edges);
        var actual = Histogram(current, edges);
        var psi = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var e = Math.Max(expected[i] / reference.Length, Floor);
            var a = Math.Max(actual[i] / current.Length, Floor);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }

    /// <summary>The two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical CDFs.</summary>
    public static double KolmogorovSmirnov(ReadOnlySpan<float> reference, ReadOnlySpan<float> current)
    {
        RequireSamples(reference, current);
        var a = reference.ToArray();
        var b = current.ToArray();
        Array.Sort(a);
        Array.Sort(b);
        int i = 0, j = 0;
        var largest = 0.0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }
            while (j < b.Length && b[j] <= x)
            {
                j++;
            }
            largest = Math.Max(largest, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }
        return largest;
    }

    /// <summary>Share of each class 1–5 among labelled pixels (index 0 is class 1).</summary>
    public static double[] ClassMix(ReadOnlySpan<byte> labels)
    {
        var counts = new double[5];
        var total = 0;
        foreach (var label in labels)
        {
            if (label is >= 1 and <= 5)
            {
                counts[label - 1]++;
                total++;
            }
        }
        return total == 0 ? counts : counts.Select(c => c / total).ToArray();
    }

    private static double[] Histogram(ReadOnlySpan<float> values, float[] edges)
    {
        var counts = new double[edges.Length + 1];
        foreach (var value in values)
        {
            var bin = Array.BinarySearch(edges, value);
            bin = bin >= 0 ? bin + 1 : ~bin;
            counts[bin]++;
        }
        return counts;
    }

    private static void RequireSamples(ReadOnlySpan<float> reference, ReadOnlySpan<float> current)
    {
        if (reference.IsEmpty || current.IsEmpty)
        {
            throw new ArgumentException("Drift needs values in both the reference and the current sample.");
        }
    }
}
