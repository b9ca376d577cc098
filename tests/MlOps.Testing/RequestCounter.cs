using Azure.Core;
using Azure.Core.Pipeline;

namespace MlOps.Testing;

/// <summary>A pipeline policy that records every request URI sent, to check what went over the wire.</summary>
public sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private readonly List<string> requests = [];

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (requests)
            {
                return requests.ToArray();
            }
        }
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        lock (requests)
        {
            requests.Add($"{message.Request.Method} {message.Request.Uri}");
        }
    }
}
