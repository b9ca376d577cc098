using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using MlOps.Storage.Blobs;

namespace MlOps.Storage.EventGrid;

/// <summary>A Microsoft.Storage.BlobCreated event in the Event Grid schema, as the storage account's system topic sends it.</summary>
public sealed record BlobCreatedEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("eventType")] string EventType,
    [property: JsonPropertyName("eventTime")] DateTimeOffset EventTime,
    [property: JsonPropertyName("data")] BlobCreatedEventData Data,
    [property: JsonPropertyName("dataVersion")] string DataVersion,
    [property: JsonPropertyName("metadataVersion")] string MetadataVersion)
{
    public const string BlobCreatedType = "Microsoft.Storage.BlobCreated";

    /// <summary>
    /// The event for one version of a blob. Its id is derived from the blob and its ETag, so a
    /// redelivery of the same event carries the same id, as Event Grid's retries do.
    /// </summary>
    public static BlobCreatedEvent For(Uri serviceUri, string accountName, string container, BlobItem blob)
    {
        var etag = blob.Properties.ETag.ToString();
        var key = $"{container}/{blob.Name}@{etag}";
        var id = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16)).ToString();
        var url = $"{serviceUri.ToString().TrimEnd('/')}/{container}/{string.Join('/', blob.Name.Split('/').Select(Uri.EscapeDataString))}";
        return new BlobCreatedEvent(
            id,
            $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/{accountName}",
            $"/blobServices/default/containers/{container}/blobs/{blob.Name}",
            BlobCreatedType,
            blob.Properties.LastModified == default ? DateTimeOffset.UtcNow : blob.Properties.LastModified,
            new BlobCreatedEventData(
                "PutBlob",
                id,
                id,
                etag,
                blob.Properties.ContentType ?? "application/octet-stream",
                blob.Properties.ContentLength,
                "BlockBlob",
                url,
                blob.Properties.LastModified.UtcTicks.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)),
            "",
            "1");
    }
}

public sealed record BlobCreatedEventData(
    [property: JsonPropertyName("api")] string Api,
    [property: JsonPropertyName("clientRequestId")] string ClientRequestId,
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("eTag")] string ETag,
    [property: JsonPropertyName("contentType")] string ContentType,
    [property: JsonPropertyName("contentLength")] long ContentLength,
    [property: JsonPropertyName("blobType")] string BlobType,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("sequencer")] string Sequencer);
