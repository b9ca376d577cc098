using MlOps.Learning.Metrics;

namespace MlOps.Learning.Training;

/// <summary>
/// An intermediate result while training: after <see cref="Step"/> trees, boosting rounds or
/// epochs, the model's metrics on the validation rows (and its loss where the trainer has one).
/// </summary>
public sealed record TrainingStep(int Step, ClassificationReport Metrics, double? Loss = null);

/// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread, in order.</summary>
public sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
