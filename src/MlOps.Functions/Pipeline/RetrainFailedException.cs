namespace MlOps.Functions.Pipeline;

/// <summary>A retrain step could not go on; the message is the readable reason shown in the run's status.</summary>
public sealed class RetrainFailedException(string message) : Exception(message);
