using Azure;

namespace MlOps.Storage.Blobs;

/// <summary>
/// Preconditions for a blob request. <c>IfNoneMatch = ETag.All</c> creates only when the blob
/// does not exist; <c>IfMatch</c> writes only over the version read. A request that loses
/// throws <see cref="BlobConflictException"/>.
/// </summary>
public sealed record BlobRequestConditions
{
    public ETag? IfMatch { get; init; }

    public ETag? IfNoneMatch { get; init; }

    public string? LeaseId { get; init; }

    public static BlobRequestConditions CreateOnly { get; } = new() { IfNoneMatch = ETag.All };

    public static BlobRequestConditions MatchOnly(ETag etag) => new() { IfMatch = etag };
}
