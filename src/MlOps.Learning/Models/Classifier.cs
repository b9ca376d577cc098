namespace MlOps.Learning.Models;

/// <summary>
/// A fitted classifier over preprocessed features (the output of a
/// <see cref="Features.FeaturePipeline"/>). Predicts class probabilities and the class.
/// </summary>
public abstract class Classifier
{
    public const int ClassCount = 5;

    public abstract int FeatureCount { get; }

    /// <summary>Writes 5 probabilities for one row and returns the predicted class index 0–4.</summary>
    public abstract int PredictRow(ReadOnlySpan<float> features, Span<float> probabilities);

    public Prediction Predict(float[] features, int rows, int maxDegreeOfParallelism = -1)
    {
        if (features.Length != rows * FeatureCount)
        {
            throw new ArgumentException($"expected {rows}×{FeatureCount} features, got {features.Length}.", nameof(features));
        }
        var labels = new long[rows];
        var probabilities = new float[rows * ClassCount];
        const int chunk = 4096;
        var chunks = (rows + chunk - 1) / chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
        {
            var start = i * chunk;
            PredictBlock(features, start, Math.Min(rows, start + chunk) - start, labels, probabilities);
        });
        return new Prediction(labels, probabilities);
    }

    /// <summary>Predicts rows [start, start+count); implementations may reorder work for cache locality.</summary>
    protected virtual void PredictBlock(float[] features, int start, int count, long[] labels, float[] probabilities)
    {
        for (var r = start; r < start + count; r++)
        {
            labels[r] = PredictRow(features.AsSpan(r * FeatureCount, FeatureCount), probabilities.AsSpan(r * ClassCount, ClassCount)) + 1;
        }
    }

    /// <summary>Index of the first largest value (ties go to the lower class, as ONNX ArgMax does).</summary>
    protected static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>Softmax in float32, subtracting the maximum first.</summary>
    protected static void Softmax(ReadOnlySpan<float> scores, Span<float> probabilities)
    {
        var max = scores[0];
        for (var i = 1; i < scores.Length; i++)
        {
            max = MathF.Max(max, scores[i]);
        }
        var sum = 0f;
        for (var i = 0; i < scores.Length; i++)
        {
            probabilities[i] = MathF.Exp(scores[i] - max);
            sum += probabilities[i];
        }
        for (var i = 0; i < scores.Length; i++)
        {
            probabilities[i] /= sum;
        }
    }
}
