using MlOps.Surveys.Packages;

namespace MlOps.Surveys.Synthesis;

/// <summary>
/// What differs from one year's survey to the next: the sonar's calibration (an offset per
/// frequency band, drifting 4–6 dB a year per band), the vertical datum, which patches of seabed
/// changed class, how the survey lines ran, where ground truth was sampled and when.
/// </summary>
internal sealed class YearConditions
{
    private const int ReferenceYear = 2000;
    private const double ChangedFraction = 0.2;

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
    /// A random walk per band from a reference year. Each year every band moves 4–6 dB and the
    /// bands do not all move the same way (the transducers of each frequency drift on their own),
    /// so the spectrum tilts from year to year; a step that would take a band past ±9 dB is
    /// mirrored.
    /// </summary>
    private static double[] CalibrationOffsets(ulong seed, int year)
    {
        var offsets = new double[3];
        var start = DeterministicNoise.Random(seed, 0xCA11B);
        for (var b = 0; b < 3; b++)
        {
            offsets[b] = (start.NextDouble() * 2 - 1) * 2;
        }
        var direction = Math.Sign(year - ReferenceYear);
        var steps = new double[3];
        for (var y = ReferenceYear; y != year; y += direction)
        {
            var random = DeterministicNoise.Random(seed, 0xCA11C, (ulong)(y + direction));
            var odd = random.Next(3);
            var sign = random.NextDouble() < 0.5 ? -1 : 1;
            for (var b = 0; b < 3; b++)
            {
                steps[b] = (b == odd ? -sign : sign) * (4 + 2 * random.NextDouble());
            }
            if (Enumerable.Range(0, 3).Any(b => Math.Abs(offsets[b] + steps[b]) > 9))
            {
                for (var b = 0; b < 3; b++)
                {
                    steps[b] = -steps[b];
                }
            }
            for (var b = 0; b < 3; b++)
            {
                offsets[b] += steps[b];
            }
        }
        return offsets;
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
