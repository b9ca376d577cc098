using Azure.Core;
using Azure.Core.Pipeline;

namespace MlOps.Registry.Tests;

/// <summary>One request as it went over the wire, with the precondition headers it carried and the status it got.</summary>
public sealed record RecordedRequest(string Method, string Path, string? IfMatch, string? IfNoneMatch, int Status);

/// <summary>
/// A pipeline policy that records every request and, through <see cref="BeforeSend"/>, lets a
/// test hold a request back (to line up a race) or fail it (to simulate a crash) before it is sent.
/// </summary>
public sealed class RecordingPolicy : HttpPipelinePolicy
{
    private readonly List<RecordedRequest> requests = [];

    public Func<HttpMessage, Task>? BeforeSend { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return requests.ToArray();
            }
        }
    }

    public IReadOnlyList<RecordedRequest> To(string blobSuffix, string? method = null) =>
        Requests.Where(r => r.Path.EndsWith(blobSuffix, StringComparison.Ordinal) && (method is null || r.Method == method)).ToList();

    public void Clear()
    {
        lock (requests)
        {
            requests.Clear();
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (BeforeSend is { } hook)
        {
            await hook(message);
        }
        await ProcessNextAsync(message, pipeline);
        var request = message.Request;
        request.Headers.TryGetValue("If-Match", out var ifMatch);
        request.Headers.TryGetValue("If-None-Match", out var ifNoneMatch);
        lock (requests)
        {
            requests.Add(new RecordedRequest(request.Method.Method, request.Uri.Path, ifMatch, ifNoneMatch, message.Response.Status));
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}
