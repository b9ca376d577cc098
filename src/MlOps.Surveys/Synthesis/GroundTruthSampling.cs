namespace MlOps.Surveys.Synthesis;

/// <summary>
/// Where a year's ground truth comes from: grab-sample and drop-camera stations (discs, most of
/// them revisited every year, some new) and diver video transects (narrow strips).
/// </summary>
internal sealed class GroundTruthSampling
{
    private const int PersistentStations = 90;
    private const double RevisitProbability = 0.7;
    private const int NewStations = 40;
    private const int Transects = 6;

    public GroundTruthSampling(ulong seed, int year, BasinModel basin)
    {
        var stations = new List<(double U, double V, double Radius)>();
        var persistent = DeterministicNoise.Random(seed, 0x57A7);
        for (var i = 0; i < PersistentStations; i++)
        {
            var (u, v) = WaterPoint(persistent, basin);
            var radius = (45 + 30 * persistent.NextDouble()) / basin.ExtentMetres;
            if (DeterministicNoise.Unit(DeterministicNoise.Hash(seed, (ulong)year, 0x7151, (ulong)i)) < RevisitProbability)
            {
                stations.Add((u, v, radius));
            }
        }
        var yearly = DeterministicNoise.Random(seed, 0x57A8, (ulong)year);
        for (var i = 0; i < NewStations; i++)
        {
            var (u, v) = WaterPoint(yearly, basin);
            stations.Add((u, v, (45 + 30 * yearly.NextDouble()) / basin.ExtentMetres));
        }
        Stations = stations;
        var transects = new List<(double U0, double V0, double U1, double V1, double HalfWidth)>();
        for (var i = 0; i < Transects; i++)
        {
            var (u, v) = WaterPoint(yearly, basin);
            var angle = yearly.NextDouble() * 2 * Math.PI;
            var length = (250 + 350 * yearly.NextDouble()) / basin.ExtentMetres;
            transects.Add((u, v, u + length * Math.Cos(angle), v + length * Math.Sin(angle), 10 / basin.ExtentMetres));
        }
        TransectLines = transects;
    }

    public IReadOnlyList<(double U, double V, double Radius)> Stations { get; }

    public IReadOnlyList<(double U0, double V0, double U1, double V1, double HalfWidth)> TransectLines { get; }

    /// <summary>
    /// Marks the pixels of rows [firstRow, firstRow + rows) of an n × n raster that fall inside a
    /// station or transect: labelled[(row - firstRow) · n + column] = true.
    /// </summary>
    public void Mark(int n, int firstRow, int rows, bool[] labelled)
    {
        foreach (var (u, v, radius) in Stations)
        {
            MarkBox(n, firstRow, rows, labelled, u - radius, v - radius, u + radius, v + radius,
                (pu, pv) => (pu - u) * (pu - u) + (pv - v) * (pv - v) <= radius * radius);
        }
        foreach (var (u0, v0, u1, v1, half) in TransectLines)
        {
            MarkBox(n, firstRow, rows, labelled, Math.Min(u0, u1) - half, Math.Min(v0, v1) - half, Math.Max(u0, u1) + half, Math.Max(v0, v1) + half,
                (pu, pv) => BasinModel.SegmentDistance(pu, pv, u0, v0, u1, v1) <= half);
        }
    }

    private static void MarkBox(int n, int firstRow, int rows, bool[] labelled, double u0, double v0, double u1, double v1, Func<double, double, bool> inside)
    {
        var c0 = Math.Max(0, (int)Math.Floor(u0 * n));
        var c1 = Math.Min(n - 1, (int)Math.Ceiling(u1 * n));
        var r0 = Math.Max(firstRow, (int)Math.Floor(v0 * n));
        var r1 = Math.Min(firstRow + rows - 1, (int)Math.Ceiling(v1 * n));
        for (var r = r0; r <= r1; r++)
        {
            for (var c = c0; c <= c1; c++)
            {
                if (inside((c + 0.5) / n, (r + 0.5) / n))
                {
                    labelled[(r - firstRow) * n + c] = true;
                }
            }
        }
    }

    private static (double U, double V) WaterPoint(Random random, BasinModel basin)
    {
        for (var attempt = 0; ; attempt++)
        {
            var u = 0.05 + 0.9 * random.NextDouble();
            var v = 0.05 + 0.9 * random.NextDouble();
            if (basin.Depth(BasinModel.Locate(u, v)) > 3 || attempt > 1000)
            {
                return (u, v);
            }
        }
    }
}
