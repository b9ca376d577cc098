using Azure;

namespace MlOps.Registry;

/// <summary>
/// The registry refused a request: the HTTP-style status (404 not found, 409 conflict with the
/// current state, 412 an expected state no longer holds, 422 invalid data) and a
/// <see cref="ModelRegistryErrorCode"/>. Storage failures below it stay
/// <see cref="MlOps.Storage.StorageRequestException"/>; both are <see cref="RequestFailedException"/>.
/// </summary>
public sealed class ModelRegistryException(int status, string errorCode, string message, Exception? innerException = null)
    : RequestFailedException(status, message, errorCode, innerException)
{
    internal static ModelRegistryException ModelNotFound(string modelName) =>
        new(404, ModelRegistryErrorCode.ModelNotFound, $"Model '{modelName}' has no registered versions.");

    internal static ModelRegistryException VersionNotFound(string modelName, int version) =>
        new(404, ModelRegistryErrorCode.VersionNotFound, $"Model '{modelName}' has no registered version {version}.");

    internal static ModelRegistryException TooManyConflicts(string what, int attempts) =>
        new(409, ModelRegistryErrorCode.TooManyConflicts, $"{what} lost {attempts} conditional writes in a row to other writers; try again.");
}
