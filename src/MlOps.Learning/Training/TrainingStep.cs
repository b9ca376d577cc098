using System.Text.Json.Serialization;
using MlOps.Learning.Metrics;

namespace MlOps.Learning.Training;

/// <summary>
/// An intermediate result while training: after <see cref="Step"/> trees, boosting rounds or
/// epochs, the model's metrics on the validation rows (and its loss where the trainer has one).
/// </summary>
public sealed record TrainingStep(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("metrics")] ClassificationReport Metrics,
    [property: JsonPropertyName("loss")] double? Loss = null);
