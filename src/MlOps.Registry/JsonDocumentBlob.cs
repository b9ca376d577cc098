using Azure;
using MlOps.Storage;
using MlOps.Storage.Blobs;

namespace MlOps.Registry;

/// <summary>
/// A small JSON document in a blob, read with its ETag and written only conditionally: over the
/// ETag that was read, or create-only when there was none. The read-modify-write loop re-reads
/// and re-applies the change when another writer got in first.
/// </summary>
internal sealed class JsonDocumentBlob<T>(BlobClient blob)
    where T : class, IETagged<T>
{
    public string Name => blob.Name;

    /// <summary>The document, or null when the blob (or its container) does not exist.</summary>
    public async Task<T?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (content, properties) = await blob.DownloadContentAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return RegistryJson.Deserialize<T>(content, blob.Name).WithETag(properties.ETag);
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// A conditional GET (If-None-Match): when the blob still has <paramref name="known"/>'s ETag
    /// the service answers 304 with no body and <paramref name="known"/> is returned as is.
    /// </summary>
    public async Task<T?> ReadIfChangedAsync(T known, CancellationToken cancellationToken)
    {
        try
        {
            var (content, properties) = await blob.DownloadContentAsync(new BlobRequestConditions { IfNoneMatch = known.ETag }, cancellationToken).ConfigureAwait(false);
            // 304 Not Modified has no body; a stored document never is empty.
            return content.ToMemory().IsEmpty
                ? known
                : RegistryJson.Deserialize<T>(content, blob.Name).WithETag(properties.ETag);
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Writes over <paramref name="ifMatch"/> (or create-only when default); throws <see cref="BlobConflictException"/> when that lost.</summary>
    public async Task<T> WriteAsync(T value, ETag ifMatch, CancellationToken cancellationToken)
    {
        var written = await blob.UploadAsync(
            RegistryJson.Serialize(value),
            new BlobUploadOptions
            {
                ContentType = "application/json",
                Conditions = ifMatch == default ? BlobRequestConditions.CreateOnly : BlobRequestConditions.MatchOnly(ifMatch),
            },
            cancellationToken).ConfigureAwait(false);
        return value.WithETag(written.ETag);
    }

    /// <summary>
    /// Reads, applies <paramref name="change"/> and writes over the ETag read, again from the
    /// read when another writer won, up to <paramref name="maxAttempts"/> times. When the change
    /// returns the document it was given (same reference), nothing is written.
    /// </summary>
    public async Task<T> UpdateAsync(Func<T?, CancellationToken, ValueTask<T>> change, int maxAttempts, string what, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            var current = await ReadAsync(cancellationToken).ConfigureAwait(false);
            var next = await change(current, cancellationToken).ConfigureAwait(false);
            if (ReferenceEquals(next, current))
            {
                return current;
            }
            try
            {
                return await WriteAsync(next, current?.ETag ?? default, cancellationToken).ConfigureAwait(false);
            }
            catch (BlobConflictException)
            {
                // Someone else wrote in between: read their version and apply the change to it.
            }
        }
        throw ModelRegistryException.TooManyConflicts(what, maxAttempts);
    }

    public Task<T> UpdateAsync(Func<T?, T> change, int maxAttempts, string what, CancellationToken cancellationToken) =>
        UpdateAsync((current, _) => ValueTask.FromResult(change(current)), maxAttempts, what, cancellationToken);
}
