using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.Storage;
using MlOps.Storage.Blobs;

namespace MlOps.Functions.Inference;

/// <summary>One host's cumulative counters for one model, as stored in <c>metrics/{model}/{host}.json</c>.</summary>
public sealed record HostMetricsDocument(string HostId, string Model, DateTimeOffset UpdatedAt, IReadOnlyDictionary<string, VersionCounters> Versions);

/// <summary>
/// Online metrics shared across hosts through blob storage: each host overwrites its own
/// document (<c>{container}/metrics/{model}/{hostId}.json</c>) with its cumulative counters, so
/// no two hosts write the same blob; readers add every host's document up. A host that stopped
/// leaves its last document, which still counts toward the totals (counters never go back).
/// </summary>
public sealed class OnlineMetricsStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly BlobContainerClient container;
    private int created;

    public OnlineMetricsStore(BlobServiceClient storage, IOptions<InferenceOptions> options)
    {
        container = storage.GetBlobContainerClient(options.Value.MetricsContainer);
    }

    public static string Prefix(string model) => $"metrics/{model}/";

    public async Task WriteAsync(HostMetricsDocument document, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref created) == 0)
        {
            await container.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref created, 1);
        }
        var blob = container.GetBlobClient($"{Prefix(document.Model)}{document.HostId}.json");
        await blob.UploadAsync(BinaryData.FromObjectAsJson(document, Json), new BlobUploadOptions { ContentType = "application/json" }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every host's document for <paramref name="model"/>.</summary>
    public async Task<IReadOnlyList<HostMetricsDocument>> ReadHostsAsync(string model, CancellationToken cancellationToken)
    {
        var documents = new List<HostMetricsDocument>();
        try
        {
            await foreach (var item in container.GetBlobsAsync(Prefix(model), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var (content, _) = await container.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (content.ToObjectFromJson<HostMetricsDocument>(Json) is { } document)
                    {
                        documents.Add(document);
                    }
                }
                catch (StorageRequestException e) when (e.IsNotFound)
                {
                    // Removed between listing and reading.
                }
            }
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            // No container yet: nothing was ever flushed.
        }
        return documents;
    }

    /// <summary>The counters of every version of <paramref name="model"/>, added up over all hosts.</summary>
    public async Task<IReadOnlyDictionary<int, VersionCounters>> ReadTotalsAsync(string model, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<int, VersionCounters>();
        foreach (var document in await ReadHostsAsync(model, cancellationToken).ConfigureAwait(false))
        {
            foreach (var (key, counters) in document.Versions)
            {
                var version = int.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
                totals[version] = totals.TryGetValue(version, out var sum) ? sum.Plus(counters) : counters;
            }
        }
        return totals;
    }
}
