namespace MlOps.Durable;

/// <summary>
/// A client request that could not be carried out, with an HTTP-like <see cref="Status"/>
/// (404 no such instance, 409 already exists, 410 already finished) and an <see cref="ErrorCode"/>.
/// </summary>
public sealed class DurableTaskClientException(int status, string errorCode, string message) : Exception(message)
{
    public const string InstanceNotFound = "InstanceNotFound";
    public const string InstanceAlreadyExists = "InstanceAlreadyExists";
    public const string InstanceCompleted = "InstanceCompleted";

    public int Status { get; } = status;

    public string ErrorCode { get; } = errorCode;

    internal static DurableTaskClientException NotFound(string instanceId) =>
        new(404, InstanceNotFound, $"No orchestration instance with id '{instanceId}' exists.");

    internal static DurableTaskClientException AlreadyExists(string instanceId, OrchestrationRuntimeStatus status) =>
        new(409, InstanceAlreadyExists, $"An orchestration instance with id '{instanceId}' already exists and is {status}.");

    internal static DurableTaskClientException Completed(string instanceId, OrchestrationRuntimeStatus status) =>
        new(410, InstanceCompleted, $"The orchestration instance '{instanceId}' has already finished ({status}).");
}
