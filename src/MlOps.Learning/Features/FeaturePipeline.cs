using MlOps.Learning.Data;
using MlOps.Surveys.Features;

namespace MlOps.Learning.Features;

/// <summary>
/// The preprocessing every model applies to raw per-pixel inputs: each raw column is
/// standardized with the training data's mean and standard deviation, then, when
/// <see cref="EmbeddingDim"/> &gt; 0, random Fourier features of the standardized map
/// coordinates (<c>x</c>, <c>y</c>) are appended. Output columns: the standardized raw columns
/// in input order, then sin/cos pairs (2k sine, 2k+1 cosine).
/// All arithmetic is float32 in a fixed order (subtract, divide; multiply, multiply, add; the
/// sine and cosine by <see cref="PeriodicPolynomial"/>), the same sequence of operations the
/// ONNX export puts in the graph, so the two agree to the bit.
/// </summary>
public sealed class FeaturePipeline
{
    public const string XColumn = "x";
    public const string YColumn = "y";

    private FeaturePipeline(IReadOnlyList<string> inputColumns, float[] means, float[] scales, RandomFourierFeatures? fourier, int xIndex, int yIndex)
    {
        InputColumns = inputColumns.ToArray();
        Means = means;
        Scales = scales;
        Fourier = fourier;
        XIndex = xIndex;
        YIndex = yIndex;
        var dim = fourier?.Dimension ?? 0;
        TurnWeightsX = new float[dim];
        TurnWeightsY = new float[dim];
        for (var k = 0; k < dim; k++)
        {
            TurnWeightsX[k] = (float)fourier!.Frequencies[2 * k];
            TurnWeightsY[k] = (float)fourier.Frequencies[2 * k + 1];
        }
    }

    public IReadOnlyList<string> InputColumns { get; }

    public float[] Means { get; }

    /// <summary>Standard deviations (1 where a column is constant).</summary>
    public float[] Scales { get; }

    public RandomFourierFeatures? Fourier { get; }

    public int EmbeddingDim => Fourier?.Dimension ?? 0;

    /// <summary>Index of the <c>x</c> column among the inputs, or −1 without positional features.</summary>
    public int XIndex { get; }

    public int YIndex { get; }

    /// <summary>b_k,x as float32: the phase of pair k, in turns, is x·TurnWeightsX[k] + y·TurnWeightsY[k].</summary>
    public float[] TurnWeightsX { get; }

    public float[] TurnWeightsY { get; }

    public int InputCount => InputColumns.Count;

    public int OutputCount => InputCount + 2 * EmbeddingDim;

    public static FeaturePipeline Fit(Dataset training, int embeddingDim = 0, double embeddingSigma = 1.0, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(embeddingDim);
        var columns = training.Columns;
        var sums = new double[columns];
        for (var r = 0; r < training.Rows; r++)
        {
            var row = training.Row(r);
            for (var c = 0; c < columns; c++)
            {
                sums[c] += row[c];
            }
        }
        var means = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            means[c] = sums[c] / training.Rows;
        }
        var squares = new double[columns];
        for (var r = 0; r < training.Rows; r++)
        {
            var row = training.Row(r);
            for (var c = 0; c < columns; c++)
            {
                var d = row[c] - means[c];
                squares[c] += d * d;
            }
        }
        var meanFloats = new float[columns];
        var scaleFloats = new float[columns];
        for (var c = 0; c < columns; c++)
        {
            meanFloats[c] = (float)means[c];
            var std = (float)Math.Sqrt(squares[c] / training.Rows);
            scaleFloats[c] = std > 0 && float.IsNormal(std) ? std : 1f;
        }
        int xIndex = -1, yIndex = -1;
        RandomFourierFeatures? fourier = null;
        if (embeddingDim > 0)
        {
            xIndex = training.ColumnIndex(XColumn);
            yIndex = training.ColumnIndex(YColumn);
            if (xIndex < 0 || yIndex < 0)
            {
                throw new DatasetFormatException(
                    $"{training.Source ?? "the data"}: embeddingDim {embeddingDim} needs map coordinate columns '{XColumn}' and '{YColumn}' (columns: {string.Join(", ", training.FeatureNames)}).",
                    training.Source, null, xIndex < 0 ? XColumn : YColumn);
            }
            fourier = new RandomFourierFeatures(embeddingDim, embeddingSigma, seed);
        }
        return new FeaturePipeline(training.FeatureNames, meanFloats, scaleFloats, fourier, xIndex, yIndex);
    }

    /// <summary>Rebuilds a fitted pipeline from its parameters (for example from a model file).</summary>
    public static FeaturePipeline Create(IReadOnlyList<string> inputColumns, float[] means, float[] scales, int embeddingDim, double embeddingSigma, int seed)
    {
        if (means.Length != inputColumns.Count || scales.Length != inputColumns.Count)
        {
            throw new ArgumentException("means and scales need one value per input column.");
        }
        var xIndex = -1;
        var yIndex = -1;
        RandomFourierFeatures? fourier = null;
        if (embeddingDim > 0)
        {
            xIndex = inputColumns.ToList().IndexOf(XColumn);
            yIndex = inputColumns.ToList().IndexOf(YColumn);
            if (xIndex < 0 || yIndex < 0)
            {
                throw new ArgumentException($"positional features need '{XColumn}' and '{YColumn}' columns.");
            }
            fourier = new RandomFourierFeatures(embeddingDim, embeddingSigma, seed);
        }
        return new FeaturePipeline(inputColumns, means, scales, fourier, xIndex, yIndex);
    }

    /// <summary>Transforms row-major raw inputs [rows, InputCount] into [rows, OutputCount].</summary>
    public float[] Transform(ReadOnlySpan<float> raw, int rows, int maxDegreeOfParallelism = -1)
    {
        if (raw.Length != rows * InputCount)
        {
            throw new ArgumentException($"expected {rows}×{InputCount} raw values, got {raw.Length}.", nameof(raw));
        }
        var output = new float[rows * OutputCount];
        var input = raw.ToArray();
        const int chunk = 8192;
        var chunks = (rows + chunk - 1) / chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
        {
            var start = i * chunk;
            var end = Math.Min(rows, start + chunk);
            for (var r = start; r < end; r++)
            {
                TransformRow(input.AsSpan(r * InputCount, InputCount), output.AsSpan(r * OutputCount, OutputCount));
            }
        });
        return output;
    }

    public float[] Transform(Dataset data, int maxDegreeOfParallelism = -1)
    {
        if (!data.FeatureNames.SequenceEqual(InputColumns))
        {
            data = data.WithColumns(InputColumns);
        }
        return Transform(data.Features, data.Rows, maxDegreeOfParallelism);
    }

    public void TransformRow(ReadOnlySpan<float> raw, Span<float> output)
    {
        var n = InputCount;
        for (var c = 0; c < n; c++)
        {
            output[c] = (raw[c] - Means[c]) / Scales[c];
        }
        var dim = EmbeddingDim;
        if (dim == 0)
        {
            return;
        }
        var zx = output[XIndex];
        var zy = output[YIndex];
        for (var k = 0; k < dim; k++)
        {
            var a = zx * TurnWeightsX[k];
            var b = zy * TurnWeightsY[k];
            var turns = a + b;
            output[n + 2 * k] = PeriodicPolynomial.SinTurns(turns);
            output[n + 2 * k + 1] = PeriodicPolynomial.CosTurns(turns);
        }
    }
}
