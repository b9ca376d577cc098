using System.Text.Json.Serialization;
using Azure;

namespace MlOps.Registry;

/// <summary>runs/{sha256(runId)}.json: the version a training run became. Written create-only, so one run gets one version.</summary>
internal sealed record RunRecord(string RunId, int Version, DateTimeOffset RecordedAt) : IETagged<RunRecord>
{
    [JsonIgnore]
    public ETag ETag { get; init; }

    RunRecord IETagged<RunRecord>.WithETag(ETag etag) => this with { ETag = etag };
}
