using MlOps.Learning.Data;
using MlOps.Learning.Features;
using MlOps.Learning.Metrics;

namespace MlOps.Learning.Models;

/// <summary>
/// A trained model: the feature pipeline fitted on the training rows and the classifier over
/// its output. Takes raw per-pixel inputs (the columns in <see cref="InputColumns"/>).
/// </summary>
public sealed class TrainedModel
{
    public TrainedModel(string kind, IReadOnlyDictionary<string, string> parameters, FeaturePipeline pipeline, Classifier classifier,
        ClassificationReport validationMetrics, int trainingRows, int validationRows, int steps)
    {
        if (classifier.FeatureCount != pipeline.OutputCount)
        {
            throw new ArgumentException($"the classifier takes {classifier.FeatureCount} features but the pipeline makes {pipeline.OutputCount}.");
        }
        Kind = kind;
        Parameters = new SortedDictionary<string, string>(parameters.ToDictionary(), StringComparer.Ordinal);
        Pipeline = pipeline;
        Classifier = classifier;
        ValidationMetrics = validationMetrics;
        TrainingRows = trainingRows;
        ValidationRows = validationRows;
        Steps = steps;
    }

    public string Kind { get; }

    public IReadOnlyDictionary<string, string> Parameters { get; }

    public FeaturePipeline Pipeline { get; }

    public Classifier Classifier { get; }

    /// <summary>Metrics on the validation rows at the end of training.</summary>
    public ClassificationReport ValidationMetrics { get; }

    public int TrainingRows { get; }

    public int ValidationRows { get; }

    /// <summary>Trees, boosting rounds (after early stopping) or epochs actually used.</summary>
    public int Steps { get; }

    public IReadOnlyList<string> InputColumns => Pipeline.InputColumns;

    /// <summary>Predicts from row-major raw inputs [rows, InputColumns.Count].</summary>
    public Prediction Predict(ReadOnlySpan<float> rawFeatures, int rows, int maxDegreeOfParallelism = -1)
    {
        var features = Pipeline.Transform(rawFeatures, rows, maxDegreeOfParallelism);
        return Classifier.Predict(features, rows, maxDegreeOfParallelism);
    }

    /// <summary>Predicts for a dataset, matching its columns to the model's by name.</summary>
    public Prediction Predict(Dataset data, int maxDegreeOfParallelism = -1)
    {
        var features = Pipeline.Transform(data, maxDegreeOfParallelism);
        return Classifier.Predict(features, data.Rows, maxDegreeOfParallelism);
    }

    public ClassificationReport Evaluate(Dataset data, int maxDegreeOfParallelism = -1) =>
        ClassificationMetrics.Evaluate(data.Labels, Predict(data, maxDegreeOfParallelism).Labels);
}
