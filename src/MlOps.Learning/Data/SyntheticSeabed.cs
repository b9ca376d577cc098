using MlOps.Learning.Training;

namespace MlOps.Learning.Data;

/// <summary>
/// A seeded synthetic stand-in for labelled survey pixels, with the raw per-pixel columns of
/// a survey (three backscatter bands, depth, map x/y). Seabed classes form patches in space
/// (a Voronoi map of random sites), depth varies smoothly, and each class has its own
/// backscatter signature that overlaps its neighbours', so neither spectra nor position alone
/// separates the classes. Used for benchmarks and tests where a survey package is not at hand.
/// </summary>
public static class SyntheticSeabed
{
    public static readonly IReadOnlyList<string> Columns =
        ["backscatter_low", "backscatter_mid", "backscatter_high", "depth", "x", "y"];

    // Mean backscatter (dB) per class and band; overlapping on purpose.
    private static readonly double[,] Signature =
    {
        { -18.0, -20.0, -22.0 }, // 1 yellow sand
        { -21.0, -21.5, -24.0 }, // 2 sand and algae
        { -25.0, -23.0, -21.0 }, // 3 mud sand and corals
        { -19.5, -22.5, -23.5 }, // 4 sand
        { -14.0, -16.0, -19.0 }, // 5 gravel
    };

    public static Dataset Generate(int rows, int seed, double labelNoise = 0.02, double extent = 2000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var random = new SeededRandom(seed, 0x5EAB_ED);
        const int sites = 60;
        var siteX = new double[sites];
        var siteY = new double[sites];
        var siteClass = new int[sites];
        for (var s = 0; s < sites; s++)
        {
            siteX[s] = random.NextDouble() * extent;
            siteY[s] = random.NextDouble() * extent;
            siteClass[s] = 1 + s % Dataset.ClassCount;
        }
        var columns = Columns.Count;
        var features = new float[rows * columns];
        var labels = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var x = random.NextDouble() * extent;
            var y = random.NextDouble() * extent;
            var nearest = 0;
            var best = double.MaxValue;
            for (var s = 0; s < sites; s++)
            {
                var d = (x - siteX[s]) * (x - siteX[s]) + (y - siteY[s]) * (y - siteY[s]);
                if (d < best)
                {
                    best = d;
                    nearest = s;
                }
            }
            var label = siteClass[nearest];
            var depth = 25 + 12 * Math.Sin(x / 350.0) + 8 * Math.Cos(y / 270.0) + 0.8 * label + random.NextGaussian();
            var row = features.AsSpan(r * columns, columns);
            for (var band = 0; band < 3; band++)
            {
                row[band] = (float)(Signature[label - 1, band] - 0.08 * depth + 1.8 * random.NextGaussian());
            }
            row[3] = (float)depth;
            row[4] = (float)x;
            row[5] = (float)y;
            labels[r] = random.NextDouble() < labelNoise ? 1 + random.Next(Dataset.ClassCount) : label;
        }
        return new Dataset(Columns, features, labels, $"synthetic(rows={rows}, seed={seed})");
    }
}
