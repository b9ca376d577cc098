using MlOps.Learning.Data;
using MlOps.Learning.Models;

namespace MlOps.Learning.Training;

/// <summary>
/// Fits a model to labelled rows. Implementations hold immutable options; <see cref="Train"/>
/// can be called repeatedly and concurrently.
/// </summary>
public interface ITrainer
{
    /// <summary>rf, gbdt, mlp or svm.</summary>
    string Kind { get; }

    /// <summary>The effective parameters, defaults included, as key=value strings.</summary>
    IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>
    /// Trains on <paramref name="training"/>; validates on <paramref name="validation"/> or, when
    /// it is null, on a held-out stratified share of the training rows. Intermediate validation
    /// metrics go to <paramref name="progress"/> as they are computed, in step order.
    /// </summary>
    TrainedModel Train(Dataset training, Dataset? validation = null, IProgress<TrainingStep>? progress = null, CancellationToken cancellationToken = default);
}
