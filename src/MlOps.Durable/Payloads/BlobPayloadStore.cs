using MlOps.Storage;
using MlOps.Storage.Blobs;

namespace MlOps.Durable.Payloads;

/// <summary>
/// Large payloads as blobs in one container (Durable Functions keeps them in
/// "{hub}-largemessages"; <see cref="DefaultContainerName"/> follows that). Every host of a
/// task hub reads the same container, so it suits PostgreSQL hubs shared by several hosts.
/// </summary>
public sealed class BlobPayloadStore(BlobContainerClient container) : IPayloadStore
{
    private readonly Lazy<Task> created = new(() => container.CreateIfNotExistsAsync());

    public static string DefaultContainerName(string hubName) => $"{hubName.ToLowerInvariant()}-largemessages";

    public BlobContainerClient Container => container;

    public async Task WriteAsync(string name, string content, CancellationToken cancellationToken = default)
    {
        await created.Value.WaitAsync(cancellationToken);
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(content),
            new BlobUploadOptions { ContentType = "application/json; charset=utf-8" }, cancellationToken);
    }

    public async Task<string> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var (content, _) = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken: cancellationToken);
            return content.ToString();
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            throw new FileNotFoundException($"Durable payload '{name}' is missing from container '{container.Name}'.", name, e);
        }
    }

    public async Task DeleteByPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var blob in container.GetBlobsAsync(prefix, cancellationToken: cancellationToken))
            {
                await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            }
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            // no container yet: nothing was ever offloaded
        }
    }
}
