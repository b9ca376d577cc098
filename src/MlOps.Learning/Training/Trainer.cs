using MlOps.Learning.Data;
using MlOps.Learning.Features;
using MlOps.Learning.Metrics;
using MlOps.Learning.Models;

namespace MlOps.Learning.Training;

/// <summary>
/// The shared part of every trainer: hold out validation rows, fit the feature pipeline on
/// the training rows, fit the classifier on the pipeline's output, measure it.
/// </summary>
public abstract class Trainer<TOptions> : ITrainer where TOptions : TrainerOptions
{
    protected Trainer(TOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public TOptions Options { get; }

    public abstract string Kind { get; }

    public IReadOnlyDictionary<string, string> Parameters => TrainerParameters.Describe(Kind, Options);

    public TrainedModel Train(Dataset training, Dataset? validation = null, IProgress<TrainingStep>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        cancellationToken.ThrowIfCancellationRequested();
        if (validation is null)
        {
            (training, validation) = DatasetSplit.Stratified(training, Options.TrainingFraction ?? 0.7, Options.Seed);
        }
        else
        {
            validation = validation.FeatureNames.SequenceEqual(training.FeatureNames) ? validation : validation.WithColumns(training.FeatureNames);
            if (Options.TrainingFraction is { } fraction and < 1)
            {
                training = DatasetSplit.Subsample(training, fraction, Options.Seed);
            }
        }
        var pipeline = FeaturePipeline.Fit(training, Options.EmbeddingDim, Options.EmbeddingSigma, Options.Seed);
        var features = pipeline.Transform(training, Options.MaxDegreeOfParallelism);
        var validationFeatures = pipeline.Transform(validation, Options.MaxDegreeOfParallelism);
        var classes = new byte[training.Rows];
        for (var i = 0; i < classes.Length; i++)
        {
            classes[i] = (byte)(training.Labels[i] - 1);
        }
        var context = new TrainingContext(features, classes, pipeline.OutputCount, validationFeatures, validation.Labels, progress, cancellationToken);
        var fit = Fit(context);
        var predicted = fit.ValidationLabels ?? fit.Classifier.Predict(validationFeatures, validation.Rows, Options.MaxDegreeOfParallelism).LabelsAsInt();
        var metrics = ClassificationMetrics.Evaluate(validation.Labels, predicted);
        return new TrainedModel(Kind, Parameters, pipeline, fit.Classifier, metrics, training.Rows, validation.Rows, fit.Steps);
    }

    /// <summary>
    /// Fits the classifier; returns it with the number of steps it kept and, when the trainer
    /// already has them, the final model's predicted labels for the validation rows.
    /// </summary>
    protected abstract FitResult Fit(TrainingContext context);

    protected sealed record FitResult(Classifier Classifier, int Steps, int[]? ValidationLabels = null);
}
