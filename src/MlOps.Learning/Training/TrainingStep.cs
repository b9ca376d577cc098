using MlOps.Learning.Metrics;

namespace MlOps.Learning.Training;

/// <summary>
/// An intermediate result while training: after <see cref="Step"/> trees, boosting rounds or
/// epochs, the model's metrics on the validation rows (and its loss where the trainer has one).
/// </summary>
public sealed record TrainingStep(int Step, ClassificationReport Metrics, double? Loss = null);
