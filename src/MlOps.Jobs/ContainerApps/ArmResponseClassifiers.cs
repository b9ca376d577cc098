using Azure.Core;

namespace MlOps.Jobs.ContainerApps;

/// <summary>
/// Starting an execution is not idempotent: a request that failed on the way back may still
/// have started one. So only throttling (429, which ARM refuses before acting) is retried by
/// the pipeline; any other failure surfaces, and the runner looks for the execution by its job
/// id before it would start another.
/// </summary>
internal sealed class RetryOnlyThrottlingClassifier : ResponseClassifier
{
    public static readonly RetryOnlyThrottlingClassifier Instance = new();

    public override bool IsRetriableResponse(HttpMessage message) => message.Response.Status == 429;

    public override bool IsRetriableException(Exception exception) => false;

    public override bool IsRetriable(HttpMessage message, Exception exception) => false;
}
