using System.Globalization;
using MlOps.Learning.Drift;
using MlOps.Testing;

namespace MlOps.Learning.Tests.Drift;

public sealed class DriftStatisticsTests
{
    private static float[] Normal(int count, double mean, double sd, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => (float)(mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))
            .ToArray();
    }

    [Fact]
    public void The_Kolmogorov_Smirnov_statistic_equals_scipys_ks_2samp()
    {
        var reference = Normal(3000, 0, 1, 1);
        var shifted = Normal(2000, 0.3, 1.2, 2);
        var folder = Path.Combine(Path.GetTempPath(), "ks-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "a.txt"), reference.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        File.WriteAllLines(Path.Combine(folder, "b.txt"), shifted.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var output = DebianPython.Run(
            "import sys, numpy as np; from scipy.stats import ks_2samp; a=np.loadtxt(sys.argv[1],dtype=np.float32); b=np.loadtxt(sys.argv[2],dtype=np.float32); print(repr(ks_2samp(a,b).statistic))",
            Path.Combine(folder, "a.txt"), Path.Combine(folder, "b.txt"));
        Directory.Delete(folder, recursive: true);

        Assert.Equal(double.Parse(output.Trim(), CultureInfo.InvariantCulture), DriftStatistics.KolmogorovSmirnov(reference, shifted), 12);
    }

    [Fact]
    public void PSI_is_near_zero_for_the_same_distribution_and_large_for_a_calibration_offset()
    {
        var reference = Normal(20000, -25, 3, 1);
        var same = Normal(20000, -25, 3, 2);
        var offset = Normal(20000, -22, 3, 3);

        Assert.InRange(DriftStatistics.PopulationStabilityIndex(reference, same), 0, 0.01);
        Assert.True(DriftStatistics.PopulationStabilityIndex(reference, offset) > 0.25);
        Assert.True(DriftStatistics.KolmogorovSmirnov(reference, offset) > 0.3);
    }

    [Fact]
    public void Class_mix_counts_only_labelled_pixels()
    {
        Assert.Equal([0.5, 0.25, 0, 0, 0.25], DriftStatistics.ClassMix([0, 1, 1, 2, 5, 0, 255]));
    }
}
