using System.Text.Json;
using MlOps.Storage.Blobs;

namespace MlOps.Functions.Pipeline;

/// <summary>Documents stored with a retrain run under <c>runs/{runId}/</c> (drift.json, evaluation.json…).</summary>
public sealed class RunReports(BlobServiceClient storage, string containerName)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<string> WriteAsync<T>(string runId, string name, T document, CancellationToken cancellationToken)
    {
        var container = storage.GetBlobContainerClient(containerName);
        await container.CreateIfNotExistsAsync(cancellationToken);
        var blob = $"{runId}/{name}";
        await container.GetBlobClient(blob).UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(document, Json)), new BlobUploadOptions { ContentType = "application/json" }, cancellationToken);
        return $"{containerName}/{blob}";
    }

    public async Task<T?> ReadAsync<T>(string runId, string name, CancellationToken cancellationToken)
    {
        try
        {
            var (content, _) = await storage.GetBlobContainerClient(containerName).GetBlobClient($"{runId}/{name}").DownloadContentAsync(cancellationToken: cancellationToken);
            return content.ToObjectFromJson<T>(Json);
        }
        catch (MlOps.Storage.StorageRequestException e) when (e.IsNotFound)
        {
            return default;
        }
    }
}
