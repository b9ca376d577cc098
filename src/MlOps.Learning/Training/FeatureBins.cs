namespace MlOps.Learning.Training;

/// <summary>
/// Features quantized to at most 256 bins each for histogram split search. Bin edges lie
/// halfway between neighbouring distinct training values, and a value's bin is the first edge
/// it does not exceed, so "bin ≤ b" holds exactly when "value ≤ Edges[f][b]": a split found on
/// bins is the float threshold a tree stores, and predicts the same for every training row.
/// </summary>
internal sealed class FeatureBins
{
    private const int SampleLimit = 200_000;

    private FeatureBins(float[][] edges, byte[] bins, int rows, int columns)
    {
        Edges = edges;
        Bins = bins;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Per feature, the ascending upper edges of bins 0 … n−2 (the last bin is open).</summary>
    public float[][] Edges { get; }

    /// <summary>Row-major [Rows, Columns] bin numbers.</summary>
    public byte[] Bins { get; }

    public int Rows { get; }

    public int Columns { get; }

    public int BinCount(int feature) => Edges[feature].Length + 1;

    public float Threshold(int feature, int bin) => Edges[feature][bin];

    public static FeatureBins Build(float[] features, int rows, int columns, int maxBins, int maxDegreeOfParallelism)
    {
        if (maxBins < 2 || maxBins > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBins), maxBins, "maxBins must be between 2 and 256.");
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        var edges = new float[columns][];
        Parallel.For(0, columns, options, f => edges[f] = FindEdges(features, rows, columns, f, maxBins));
        var bins = new byte[rows * columns];
        const int chunk = 16384;
        Parallel.For(0, (rows + chunk - 1) / chunk, options, i =>
        {
            var end = Math.Min(rows, (i + 1) * chunk);
            for (var r = i * chunk; r < end; r++)
            {
                for (var f = 0; f < columns; f++)
                {
                    bins[r * columns + f] = (byte)BinOf(edges[f], features[r * columns + f]);
                }
            }
        });
        return new FeatureBins(edges, bins, rows, columns);
    }

    public static int BinOf(float[] edges, float value)
    {
        int lo = 0, hi = edges.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (value <= edges[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static float[] FindEdges(float[] features, int rows, int columns, int feature, int maxBins)
    {
        var stride = Math.Max(1, (rows + SampleLimit - 1) / SampleLimit);
        var sample = new float[(rows + stride - 1) / stride];
        for (int r = 0, i = 0; r < rows; r += stride, i++)
        {
            sample[i] = features[r * columns + feature];
        }
        Array.Sort(sample);
        var distinct = new List<float>();
        var counts = new List<int>();
        foreach (var v in sample)
        {
            if (distinct.Count > 0 && distinct[^1] == v)
            {
                counts[^1]++;
            }
            else
            {
                distinct.Add(v);
                counts.Add(1);
            }
        }
        var edges = new List<float>();
        if (distinct.Count <= maxBins)
        {
            for (var i = 0; i + 1 < distinct.Count; i++)
            {
                edges.Add(Midpoint(distinct[i], distinct[i + 1]));
            }
            return edges.ToArray();
        }
        // Equal-frequency cuts: close a bin once it holds its share of the remaining values.
        var remaining = sample.Length;
        var binsLeft = maxBins;
        var inBin = 0;
        for (var i = 0; i + 1 < distinct.Count && binsLeft > 1; i++)
        {
            inBin += counts[i];
            var target = (double)remaining / binsLeft;
            if (inBin >= target || distinct.Count - i - 1 < binsLeft)
            {
                edges.Add(Midpoint(distinct[i], distinct[i + 1]));
                remaining -= inBin;
                binsLeft--;
                inBin = 0;
            }
        }
        return edges.ToArray();
    }

    private static float Midpoint(float a, float b)
    {
        var m = (float)(((double)a + b) * 0.5);
        return m >= b ? a : m;
    }
}
