namespace MlOps.Surveys.Features;

/// <summary>
/// Random Fourier positional features (Tancik et al., 2020) over a pixel's standardized map
/// coordinates u = (x, y): for each of <see cref="Dimension"/> frequencies b_k drawn from
/// N(0, sigma²·I₂), the pair sin(2π b_k·u), cos(2π b_k·u). Output column 2k is the sine and
/// 2k+1 the cosine. The frequencies depend only on (dimension, sigma, seed), so the ONNX
/// export can rebuild the same transform as constants in the graph.
/// </summary>
public sealed class RandomFourierFeatures
{
    public RandomFourierFeatures(int dimension, double sigma, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        if (!(sigma > 0) || double.IsInfinity(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "embeddingSigma must be a positive finite number.");
        }
        Dimension = dimension;
        Sigma = sigma;
        Seed = seed;
        Frequencies = new double[dimension * 2];
        var random = new Random(seed);
        for (var i = 0; i < Frequencies.Length; i++)
        {
            Frequencies[i] = sigma * StandardNormal(random);
        }
    }

    public int Dimension { get; }

    public double Sigma { get; }

    public int Seed { get; }

    public int OutputColumns => Dimension * 2;

    /// <summary>Row-major [Dimension, 2]: b_k = (Frequencies[2k], Frequencies[2k+1]).</summary>
    public double[] Frequencies { get; }

    public void Transform(double x, double y, Span<float> output)
    {
        if (output.Length < OutputColumns)
        {
            throw new ArgumentException($"output needs {OutputColumns} columns, has {output.Length}.", nameof(output));
        }
        for (var k = 0; k < Dimension; k++)
        {
            var phase = 2 * Math.PI * (Frequencies[2 * k] * x + Frequencies[2 * k + 1] * y);
            output[2 * k] = (float)Math.Sin(phase);
            output[2 * k + 1] = (float)Math.Cos(phase);
        }
    }

    // Box–Muller on System.Random's seeded generator, which is stable across platforms.
    private static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
