using Azure;

namespace MlOps.Jobs;

/// <summary>
/// A job runner could not do what was asked: the job id is unknown (404 <c>JobNotFound</c>) or
/// taken by another spec (409 <c>JobIdInUse</c>), the job could not be launched, or Azure
/// refused a request (the ARM status and error code, e.g. 403 <c>AuthorizationFailed</c>).
/// The message names the job. Derives from Azure.Core's <see cref="RequestFailedException"/>
/// so code that handles Azure SDK failures handles these too.
/// </summary>
public sealed class JobRunnerException(int status, string? errorCode, string message, Exception? innerException = null)
    : RequestFailedException(status, message, errorCode, innerException)
{
    public const string JobNotFound = "JobNotFound";
    public const string JobIdInUse = "JobIdInUse";
    public const string LaunchFailed = "LaunchFailed";

    public static JobRunnerException NotFound(string jobId) =>
        new(404, JobNotFound, $"No job '{jobId}' is known to this runner.");
}
