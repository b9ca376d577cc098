using MlOps.Surveys.Packages;

namespace MlOps.Surveys.Synthesis;

/// <summary>
/// What differs from one year's survey to the next: the sonar's calibration (an offset per
/// frequency band that drifts several dB a year), the vertical datum, which patches of seabed
/// changed class, how the survey lines ran, where ground truth was sampled and when.
/// </summary>
internal sealed class YearConditions
{
    private const int ReferenceYear = 2000;
    private const double ChangedFraction = 0.3;

    private readonly float[] change;

    public YearConditions(ulong seed, int year, BasinModel basin)
    {
        Year = year;
        CalibrationOffsetsDb = CalibrationOffsets(seed, year);
        var random = DeterministicNoise.Random(seed, 0xDA7E, (ulong)year);
        DatumOffsetMetres = (random.NextDouble() * 2 - 1) * 0.4;
        var start = new DateOnly(year, 5, 15).AddDays(random.Next(90));
        Acquisition = new AcquisitionPeriod(start, start.AddDays(4 + random.Next(10)));
        Swaths = new SwathPlan(seed, year, basin.ExtentMetres);
        Sampling = new GroundTruthSampling(seed, year, basin);
        change = ChangeField(seed, year);
        ChangeThreshold = Quantile(change, 1 - ChangedFraction);
    }

    public int Year { get; }

    /// <summary>Calibration error added to each band (low, mid, high frequency), in dB.</summary>
    public double[] CalibrationOffsetsDb { get; }

    public double DatumOffsetMetres { get; }

    public AcquisitionPeriod Acquisition { get; }

    public SwathPlan Swaths { get; }

    public GroundTruthSampling Sampling { get; }

    private double ChangeThreshold { get; }

    /// <summary>The class this year: the site's class, or its runner-up where the patch changed this year.</summary>
    public SeabedClass ClassAt(BasinModel basin, BasinModel.Cell cell)
    {
        var (best, runnerUp) = basin.Classes(cell);
        return BasinModel.Interpolate(change, cell) > ChangeThreshold ? runnerUp : best;
    }

    /// <summary>
    /// The sonar's calibration error per band, as three components that drift year by year:
    /// an overall gain (all bands alike, moving 3–5 dB a year), a spectral curvature (the middle
    /// frequency against the outer two, moving 5–7 dB a year) and a spectral slope (low against
    /// high, up to 2 dB a year). The gain change is what misleads last year's model (seabed
    /// classes differ mostly in level); the curvature change is what lets a model trained on both
    /// years tell them apart. Each component walks from a reference year within bounds and never
    /// comes back within its minimum step of where it was two years before.
    /// </summary>
    private static double[] CalibrationOffsets(ulong seed, int year)
    {
        var start = DeterministicNoise.Random(seed, 0xCA11B);
        var gain = new Walk((start.NextDouble() * 2 - 1) * 2, 4, 6, 8);
        var curvature = new Walk((start.NextDouble() * 2 - 1) * 2, 6, 8, 10);
        var slope = new Walk(0, 0, 2, 3);
        var direction = Math.Sign(year - ReferenceYear);
        for (var y = ReferenceYear; y != year; y += direction)
        {
            var random = DeterministicNoise.Random(seed, 0xCA11C, (ulong)(y + direction));
            gain.Step(random);
            curvature.Step(random);
            slope.Step(random);
        }
        return
        [
            gain.Value + curvature.Value / 2 + slope.Value,
            gain.Value - curvature.Value,
            gain.Value + curvature.Value / 2 - slope.Value,
        ];
    }

    /// <summary>A bounded random walk whose steps are between a minimum and a maximum size.</summary>
    private sealed class Walk(double value, double minStep, double maxStep, double bound)
    {
        private double twoBefore = double.NaN;

        public double Value { get; private set; } = value;

        public void Step(Random random)
        {
            var size = minStep + (maxStep - minStep) * random.NextDouble();
            var sign = random.NextDouble() < 0.5 ? -1 : 1;
            bool Acceptable(double next) =>
                Math.Abs(next) <= bound && (double.IsNaN(twoBefore) || Math.Abs(next - twoBefore) >= minStep);
            var next = Value + sign * size;
            if (!Acceptable(next))
            {
                var other = Value - sign * size;
                next = Acceptable(other) || Math.Abs(other) < Math.Abs(next) ? other : next;
            }
            twoBefore = Value;
            Value = next;
        }
    }

    private static float[] ChangeField(ulong seed, int year)
    {
        const int nodes = BasinModel.Lattice + 1;
        var field = new float[nodes * nodes];
        var noiseSeed = DeterministicNoise.Hash(seed, 0xC4A6E, (ulong)year);
        Parallel.For(0, nodes, j =>
        {
            for (var i = 0; i < nodes; i++)
            {
                field[j * nodes + i] = (float)DeterministicNoise.Fractal(i * 8.0 / BasinModel.Lattice, j * 8.0 / BasinModel.Lattice, noiseSeed, 3);
            }
        });
        return field;
    }

    private static float Quantile(float[] values, double q)
    {
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        return sorted[(int)Math.Clamp(q * (sorted.Length - 1), 0, sorted.Length - 1)];
    }
}
