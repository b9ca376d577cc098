namespace MlOps.Learning.Models;

/// <summary>
/// One-vs-rest linear decision functions (a linear SVM): score_c = x · W[:, c] + b_c with W
/// row-major [features, 5]. The class is the highest score; probabilities are the softmax of
/// the scores (a monotone squashing, not calibrated probabilities).
/// </summary>
public sealed class LinearClassifier : Classifier
{
    public LinearClassifier(float[] weights, float[] biases, int featureCount)
    {
        if (weights.Length != featureCount * ClassCount || biases.Length != ClassCount)
        {
            throw new ArgumentException("weights must be [features, 5] and biases [5].");
        }
        Weights = weights;
        Biases = biases;
        FeatureCount = featureCount;
    }

    public float[] Weights { get; }

    public float[] Biases { get; }

    public override int FeatureCount { get; }

    public override int PredictRow(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        Span<float> scores = stackalloc float[ClassCount];
        Scores(features, scores);
        Softmax(scores, probabilities);
        return ArgMax(scores);
    }

    public void Scores(ReadOnlySpan<float> features, Span<float> scores)
    {
        scores.Clear();
        for (var i = 0; i < FeatureCount; i++)
        {
            var x = features[i];
            for (var c = 0; c < ClassCount; c++)
            {
                scores[c] += x * Weights[i * ClassCount + c];
            }
        }
        for (var c = 0; c < ClassCount; c++)
        {
            scores[c] += Biases[c];
        }
    }
}
