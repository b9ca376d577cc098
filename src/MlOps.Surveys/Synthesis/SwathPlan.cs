namespace MlOps.Surveys.Synthesis;

/// <summary>
/// How a year's survey was run: parallel survey lines at a heading and spacing, each covering a
/// swath whose width grows with depth (a multibeam's fan), some lines skipped (weather) or cut
/// short. Shallow water between lines stays unsurveyed; overlaps go to the nearest line.
/// </summary>
internal sealed class SwathPlan
{
    private const double SwathWidthPerDepth = 5.0; // a ~136° fan covers about 5× the depth
    private const double MaxSwathWidthMetres = 320;
    private const double LineSpacingMetres = 90;

    private readonly double extentMetres;
    private readonly double normalX;
    private readonly double normalY;
    private readonly double spacing;
    private readonly double offset;
    private readonly int firstLine;
    private readonly Line[] lines;

    public SwathPlan(ulong seed, int year, double extentMetres)
    {
        this.extentMetres = extentMetres;
        var site = DeterministicNoise.Random(seed, 0x5A7A);
        var random = DeterministicNoise.Random(seed, 0x5A7A, (ulong)year);
        var heading = site.NextDouble() * Math.PI + (random.NextDouble() - 0.5) * 1.2;
        normalX = Math.Cos(heading);
        normalY = Math.Sin(heading);
        spacing = LineSpacingMetres / extentMetres;
        offset = random.NextDouble() * spacing;
        // Lines crossing the unit square: across positions span the projections of its corners.
        var corners = new[] { 0.0, normalX, normalY, normalX + normalY };
        firstLine = (int)Math.Floor((corners.Min() - offset) / spacing) - 1;
        var lastLine = (int)Math.Ceiling((corners.Max() - offset) / spacing) + 1;
        lines = new Line[lastLine - firstLine + 1];
        var gapStart = random.NextDouble() < 0.75 ? random.Next(lines.Length) : -1;
        var gapLength = 3 + random.Next(6);
        for (var i = 0; i < lines.Length; i++)
        {
            var active = random.NextDouble() > 0.06 && (gapStart < 0 || i < gapStart || i >= gapStart + gapLength);
            var start = random.NextDouble() < 0.12 ? -2 + 2.4 * random.NextDouble() : -2.0;
            var end = random.NextDouble() < 0.12 ? -0.4 + 2.4 * random.NextDouble() : 2.0;
            var gains = new[] { Gain(random), Gain(random), Gain(random) };
            lines[i] = new Line(active && end > start, start, end, gains);
        }
    }

    /// <summary>Per-line gain error of the sonar in dB (the striping of survey lines).</summary>
    private static double Gain(Random random) => (random.NextDouble() * 2 - 1) * 0.8;

    /// <summary>Whether (u, v) at this depth was surveyed, by which line, and how far across its swath (0 nadir, 1 outer edge).</summary>
    public bool Covers(double u, double v, double depthMetres, out int line, out double acrossFraction)
    {
        line = -1;
        acrossFraction = 0;
        if (depthMetres < BasinModel.LandDepth)
        {
            return false;
        }
        var halfWidth = Math.Min(SwathWidthPerDepth * depthMetres, MaxSwathWidthMetres) / 2 / extentMetres;
        var across = u * normalX + v * normalY;
        var along = -u * normalY + v * normalX;
        var k = (int)Math.Floor((across - offset) / spacing);
        var best = double.MaxValue;
        for (var i = k - 2; i <= k + 3; i++)
        {
            var index = i - firstLine;
            if (index < 0 || index >= lines.Length)
            {
                continue;
            }
            var l = lines[index];
            var distance = Math.Abs(across - (offset + i * spacing));
            if (!l.Active || distance > halfWidth || along < l.Start || along > l.End || distance >= best)
            {
                continue;
            }
            best = distance;
            line = index;
            acrossFraction = distance / halfWidth;
        }
        return line >= 0;
    }

    public double LineGain(int line, int band) => lines[line].Gains[band];

    private sealed record Line(bool Active, double Start, double End, double[] Gains);
}
