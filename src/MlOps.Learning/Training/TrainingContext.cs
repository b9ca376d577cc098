using MlOps.Learning.Metrics;
using MlOps.Learning.Models;

namespace MlOps.Learning.Training;

/// <summary>
/// What a trainer fits on: preprocessed training features with class indices 0–4, the
/// preprocessed validation rows, and where to report intermediate metrics.
/// </summary>
public sealed class TrainingContext
{
    private readonly IProgress<TrainingStep>? progress;

    internal TrainingContext(float[] features, byte[] classes, int columns, float[] validationFeatures, int[] validationLabels,
        IProgress<TrainingStep>? progress, CancellationToken cancellationToken)
    {
        Features = features;
        Classes = classes;
        Columns = columns;
        ValidationFeatures = validationFeatures;
        ValidationLabels = validationLabels;
        this.progress = progress;
        CancellationToken = cancellationToken;
    }

    /// <summary>Row-major [Rows, Columns].</summary>
    public float[] Features { get; }

    /// <summary>Class index (label − 1) per training row.</summary>
    public byte[] Classes { get; }

    public int Rows => Classes.Length;

    public int Columns { get; }

    public float[] ValidationFeatures { get; }

    /// <summary>Labels 1–5 of the validation rows.</summary>
    public int[] ValidationLabels { get; }

    public int ValidationRows => ValidationLabels.Length;

    public CancellationToken CancellationToken { get; }

    public ClassificationReport Report(int step, ReadOnlySpan<int> predictedLabels, double? loss = null)
    {
        var metrics = ClassificationMetrics.Evaluate(ValidationLabels, predictedLabels);
        progress?.Report(new TrainingStep(step, metrics, loss));
        return metrics;
    }

    public ClassificationReport Report(int step, Classifier classifier, int maxDegreeOfParallelism, double? loss = null)
    {
        var predicted = classifier.Predict(ValidationFeatures, ValidationRows, maxDegreeOfParallelism);
        return Report(step, predicted.LabelsAsInt(), loss);
    }
}
