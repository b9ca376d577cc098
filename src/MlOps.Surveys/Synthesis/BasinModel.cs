namespace MlOps.Surveys.Synthesis;

/// <summary>
/// The unchanging seabed of a synthetic site: a basin-shaped bathymetry (an elongated bowl with
/// steep walls, a flat deep floor, a channel to the open sea, ridges and knolls) and the seabed
/// classes laid out as spatially coherent patches that follow depth and slope. Smooth fields are
/// computed once on a lattice over the site and interpolated, so the site looks the same at every
/// raster size. Coordinates (u, v) are fractions of the site's extent, v growing southwards.
/// </summary>
internal sealed class BasinModel
{
    public const int Lattice = 512;
    public const double MaxDepth = 70;
    public const double LandDepth = 1.0;

    private const int Nodes = Lattice + 1;
    private readonly ulong seed;
    private readonly (double X0, double Y0, double X1, double Y1, double Height, double Width)[] ridges;
    private readonly (double X, double Y, double Height, double Radius)[] knolls;
    private readonly float[] depth = new float[Nodes * Nodes];
    private readonly float[] slope = new float[Nodes * Nodes];
    private readonly float[][] scores = new float[SeabedClasses.Count][];
    private readonly float[][] texture = new float[3][];

    public BasinModel(ulong seed, double extentMetres)
    {
        this.seed = seed;
        ExtentMetres = extentMetres;
        var random = DeterministicNoise.Random(seed, 0xBA51);
        ridges = new (double, double, double, double, double, double)[2];
        for (var i = 0; i < ridges.Length; i++)
        {
            var cx = 0.35 + 0.3 * random.NextDouble();
            var cy = 0.35 + 0.25 * random.NextDouble();
            var angle = Math.PI * random.NextDouble();
            var half = 0.10 + 0.08 * random.NextDouble();
            ridges[i] = (cx - half * Math.Cos(angle), cy - half * Math.Sin(angle), cx + half * Math.Cos(angle), cy + half * Math.Sin(angle),
                22 + 14 * random.NextDouble(), 0.018 + 0.012 * random.NextDouble());
        }
        knolls = new (double, double, double, double)[6];
        for (var i = 0; i < knolls.Length; i++)
        {
            knolls[i] = (0.2 + 0.6 * random.NextDouble(), 0.2 + 0.55 * random.NextDouble(), 12 + 22 * random.NextDouble(), 0.015 + 0.025 * random.NextDouble());
        }
        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] = new float[Nodes * Nodes];
        }
        for (var b = 0; b < texture.Length; b++)
        {
            texture[b] = new float[Nodes * Nodes];
        }
        Build();
    }

    public double ExtentMetres { get; }

    /// <summary>Interpolation weights for (u, v): the lattice cell and position inside it.</summary>
    public readonly record struct Cell(int Index, float Fx, float Fy);

    public static Cell Locate(double u, double v)
    {
        var x = Math.Clamp(u, 0, 1) * Lattice;
        var y = Math.Clamp(v, 0, 1) * Lattice;
        var i = Math.Min((int)x, Lattice - 1);
        var j = Math.Min((int)y, Lattice - 1);
        return new Cell(j * Nodes + i, (float)(x - i), (float)(y - j));
    }

    public double Depth(Cell cell) => Interpolate(depth, cell);

    public double SlopeDegrees(Cell cell) => Interpolate(slope, cell);

    public double Texture(int band, Cell cell) => Interpolate(texture[band], cell);

    /// <summary>The class with the highest score at the cell, and the runner-up (what the patch turns into when it changes).</summary>
    public (SeabedClass Best, SeabedClass RunnerUp) Classes(Cell cell)
    {
        int best = 0, second = -1;
        double bestScore = double.MinValue, secondScore = double.MinValue;
        for (var c = 0; c < scores.Length; c++)
        {
            var s = Interpolate(scores[c], cell);
            if (s > bestScore)
            {
                second = best;
                secondScore = bestScore;
                best = c;
                bestScore = s;
            }
            else if (s > secondScore)
            {
                second = c;
                secondScore = s;
            }
        }
        return ((SeabedClass)(best + 1), (SeabedClass)(second + 1));
    }

    internal static double Interpolate(float[] field, Cell cell)
    {
        var a = field[cell.Index];
        var b = field[cell.Index + 1];
        var c = field[cell.Index + Nodes];
        var d = field[cell.Index + Nodes + 1];
        var top = a + (b - a) * cell.Fx;
        var bottom = c + (d - c) * cell.Fx;
        return top + (bottom - top) * cell.Fy;
    }

    private void Build()
    {
        Parallel.For(0, Nodes, j =>
        {
            for (var i = 0; i < Nodes; i++)
            {
                depth[j * Nodes + i] = (float)SmoothDepth((double)i / Lattice, (double)j / Lattice);
            }
        });
        var spacing = ExtentMetres / Lattice;
        Parallel.For(0, Nodes, j =>
        {
            for (var i = 0; i < Nodes; i++)
            {
                var left = depth[j * Nodes + Math.Max(i - 1, 0)];
                var right = depth[j * Nodes + Math.Min(i + 1, Lattice)];
                var up = depth[Math.Max(j - 1, 0) * Nodes + i];
                var down = depth[Math.Min(j + 1, Lattice) * Nodes + i];
                var gx = (right - left) / (2 * spacing);
                var gy = (down - up) / (2 * spacing);
                var s = Math.Atan(Math.Sqrt(gx * gx + gy * gy)) * 180 / Math.PI;
                slope[j * Nodes + i] = (float)s;
                var u = (double)i / Lattice;
                var v = (double)j / Lattice;
                var d = depth[j * Nodes + i];
                for (var c = 0; c < SeabedClasses.Count; c++)
                {
                    var patch = DeterministicNoise.Fractal(u * 9, v * 9, DeterministicNoise.Hash(seed, 0xC1A55, (ulong)c), 3);
                    scores[c][j * Nodes + i] = (float)(Suitability((SeabedClass)(c + 1), d, s) + 1.5 * patch);
                }
                for (var b = 0; b < texture.Length; b++)
                {
                    texture[b][j * Nodes + i] = (float)DeterministicNoise.Fractal(u * 60, v * 60, DeterministicNoise.Hash(seed, 0x7E47, (ulong)b), 2);
                }
            }
        });
    }

    /// <summary>How well a class suits a depth (m) and slope (degrees): algae in the photic shallows, mud on the deep floor, gravel on steep ground.</summary>
    private static double Suitability(SeabedClass seabedClass, double depthMetres, double slopeDegrees) => seabedClass switch
    {
        SeabedClass.SandAndAlgae => 1.3 - depthMetres / 12,
        SeabedClass.YellowSand => 1.0 - Math.Abs(depthMetres - 20) / 9,
        SeabedClass.Sand => 1.0 - Math.Abs(depthMetres - 36) / 11,
        SeabedClass.MudSandAndCorals => (depthMetres - 44) / 12,
        SeabedClass.Gravel => (slopeDegrees - 7) / 4,
        _ => 0,
    };

    private double SmoothDepth(double u, double v)
    {
        const double angle = 0.45;
        var dx = u - 0.5;
        var dy = v - 0.5;
        var ex = (dx * Math.Cos(angle) + dy * Math.Sin(angle)) / 0.56;
        var ey = (-dx * Math.Sin(angle) + dy * Math.Cos(angle)) / 0.42;
        var r = Math.Sqrt(ex * ex + ey * ey) + 0.12 * DeterministicNoise.Fractal(u * 3, v * 3, DeterministicNoise.Hash(seed, 0x5408E), 3);
        // A bowl: shelving shores, steeper walls, a gently undulating deep floor; land beyond r = 1.
        var d = MaxDepth * Math.Pow(1 - SmoothStep(0.05, 1.0, r), 0.8) - 30 * SmoothStep(1.0, 1.4, r);
        // A channel from the basin to the open sea at the south-east edge.
        var channel = SegmentDistance(u, v, 0.62, 0.62, 1.05, 1.02);
        d = Math.Max(d, 32 * Math.Exp(-Math.Pow(channel / 0.05, 2)) - 6);
        foreach (var (x0, y0, x1, y1, height, width) in ridges)
        {
            d -= height * Math.Exp(-Math.Pow(SegmentDistance(u, v, x0, y0, x1, y1) / width, 2));
        }
        foreach (var (x, y, height, radius) in knolls)
        {
            var distance = Math.Sqrt((u - x) * (u - x) + (v - y) * (v - y));
            d -= height * Math.Exp(-Math.Pow(distance / radius, 2));
        }
        d += 9 * DeterministicNoise.Fractal(u * 6, v * 6, DeterministicNoise.Hash(seed, 0x8007), 4) * SmoothStep(0.0, 15, d);
        return d;
    }

    private static double SmoothStep(double edge0, double edge1, double x)
    {
        var t = Math.Clamp((x - edge0) / (edge1 - edge0), 0, 1);
        return t * t * (3 - 2 * t);
    }

    internal static double SegmentDistance(double px, double py, double x0, double y0, double x1, double y1)
    {
        var vx = x1 - x0;
        var vy = y1 - y0;
        var t = Math.Clamp(((px - x0) * vx + (py - y0) * vy) / (vx * vx + vy * vy), 0, 1);
        var cx = x0 + t * vx - px;
        var cy = y0 + t * vy - py;
        return Math.Sqrt(cx * cx + cy * cy);
    }
}
