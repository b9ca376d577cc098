using Azure.Core;
using Azure.Core.Pipeline;

namespace MlOps.Storage.Pipeline;

/// <summary>Stamps the Blob service REST version on every request.</summary>
internal sealed class StorageVersionPolicy(string version) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) =>
        message.Request.Headers.SetValue("x-ms-version", version);
}
