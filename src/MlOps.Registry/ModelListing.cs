using MlOps.Storage;
using MlOps.Storage.Blobs;

namespace MlOps.Registry;

/// <summary>
/// One listing of a model's folder: every version number in use and, from blob metadata alone,
/// which are registered (card.json and model.onnx both present and carrying the same
/// registration id), which are orphans (model.onnx without its card) and which were abandoned.
/// </summary>
internal sealed class ModelListing
{
    private ModelListing(SortedDictionary<int, VersionBlobs> versions) => Versions = versions;

    public SortedDictionary<int, VersionBlobs> Versions { get; }

    /// <summary>The highest number any blob uses, registered or not: new versions go above it, so no number is reused.</summary>
    public int HighestNumber => Versions.Count == 0 ? 0 : Versions.Keys.Max();

    public IEnumerable<int> Registered => Versions.Where(v => v.Value.IsRegistered).Select(v => v.Key);

    /// <summary>The lowest registered version whose card was written for the run with this key.</summary>
    public int? FindRun(string runKey) =>
        Versions.Where(v => v.Value.IsRegistered
                            && v.Value.Card!.Properties.Metadata.TryGetValue(RegistryLayout.RunMetadata, out var run)
                            && run == runKey)
            .Select(v => (int?)v.Key)
            .FirstOrDefault();

    public static async Task<ModelListing> ReadAsync(BlobContainerClient container, string modelName, CancellationToken cancellationToken)
    {
        var versions = new SortedDictionary<int, VersionBlobs>();
        try
        {
            await foreach (var item in container.GetBlobsAsync(RegistryLayout.ModelPrefix(modelName), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (!RegistryLayout.TryParseVersionBlob(modelName, item.Name, out var version, out var file))
                {
                    continue;
                }
                var blobs = versions.TryGetValue(version, out var found) ? found : new VersionBlobs();
                versions[version] = file switch
                {
                    RegistryLayout.ModelFile => blobs with { Model = item },
                    RegistryLayout.CardFile => blobs with { Card = item },
                    _ => blobs,
                };
            }
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            // No container yet: no versions.
        }
        return new ModelListing(versions);
    }
}

/// <summary>The blobs found in one version folder.</summary>
internal sealed record VersionBlobs
{
    public BlobItem? Model { get; init; }

    public BlobItem? Card { get; init; }

    public bool IsAbandoned => Model is not null && Model.Properties.Metadata.ContainsKey(RegistryLayout.AbandonedMetadata);

    public bool IsRegistered =>
        Model is not null && Card is not null && !IsAbandoned
        && Registration(Model.Properties) is { Length: > 0 } id
        && id == Registration(Card.Properties);

    /// <summary>A model.onnx that no card vouches for and that is not already abandoned.</summary>
    public bool IsOrphan => Model is not null && !IsAbandoned && !IsRegistered;

    public static string? Registration(BlobProperties properties) =>
        properties.Metadata.TryGetValue(RegistryLayout.RegistrationMetadata, out var id) ? id : null;
}
