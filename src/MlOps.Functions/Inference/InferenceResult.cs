namespace MlOps.Functions.Inference;

/// <summary>
/// A scored request: the version that served it, the request id for feedback, the labels (and
/// probabilities, row-major [rows, 5]) and, when the challenger failed and the champion
/// answered instead, the version that failed.
/// </summary>
public sealed record InferenceResult(string Model, int Version, string RequestId, long[] Labels, float[] Probabilities, int? FailedVersion);
