using Azure;

namespace MlOps.Storage.Blobs;

/// <summary>A blob's system properties and user metadata.</summary>
public sealed record BlobProperties(
    long ContentLength,
    ETag ETag,
    DateTimeOffset LastModified,
    string? ContentType,
    byte[]? ContentHash,
    IReadOnlyDictionary<string, string> Metadata,
    string? LeaseState = null,
    string? LeaseStatus = null);

/// <summary>A blob as a listing returns it.</summary>
public sealed record BlobItem(string Name, BlobProperties Properties);

/// <summary>What an upload wrote.</summary>
public sealed record BlobContentInfo(ETag ETag, DateTimeOffset LastModified, byte[]? ContentHash);

/// <summary>A streamed download: the content (dispose it) and the blob's properties.</summary>
public sealed class BlobDownloadStreamingResult(Stream content, BlobProperties details, Azure.HttpRange? range) : IDisposable
{
    public Stream Content { get; } = content;

    public BlobProperties Details { get; } = details;

    public Azure.HttpRange? Range { get; } = range;

    public void Dispose() => Content.Dispose();
}
