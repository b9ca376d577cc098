using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.Onnx.Runtime;
using MlOps.Registry;
using MlOps.Reports.Maps;
using MlOps.Reports.Views;
using MlOps.Storage;
using MlOps.Storage.Blobs;
using MlOps.Surveys.Packages;

namespace MlOps.Functions.Dashboard;

/// <summary>
/// Maps of a model version on a survey year: predicted classes over every valid pixel (ONNX
/// Runtime, a window of rows at a time), the ground truth, and their disagreement, as PNGs.
/// Rendered once and kept in blob storage under
/// <c>{container}/{model}/{version}/{year}/{survey upload}/</c>, so a corrected survey gets new
/// maps and every host shares the pictures. Requests for a map being rendered wait for it.
/// </summary>
public sealed class MapService
{
    public const string StatisticsFile = "map.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly BlobServiceClient storage;
    private readonly ModelRegistryClient registry;
    private readonly SurveyBlobStore surveys;
    private readonly DashboardOptions options;
    private readonly SemaphoreSlim renders;
    private readonly ConcurrentDictionary<string, Task<RenderedMap>> inFlight = new(StringComparer.Ordinal);
    private int containerCreated;

    public MapService(BlobServiceClient storage, ModelRegistryClient registry, SurveyBlobStore surveys, IOptions<DashboardOptions> options)
    {
        this.storage = storage;
        this.registry = registry;
        this.surveys = surveys;
        this.options = options.Value;
        renders = new SemaphoreSlim(Math.Max(1, this.options.MaxConcurrentMapRenders));
    }

    private BlobContainerClient Container => storage.GetBlobContainerClient(options.MapsContainer);

    /// <summary>The map's numbers, rendering it first when this survey upload has no map yet.</summary>
    public async Task<MapStatistics> GetStatisticsAsync(string model, int version, int year, CancellationToken cancellationToken)
    {
        var prefix = await PrefixAsync(model, version, year, cancellationToken);
        if (await TryDownloadAsync(prefix + StatisticsFile, cancellationToken) is { } json)
        {
            return JsonSerializer.Deserialize<MapStatistics>(json, Json)!;
        }
        return (await RenderAsync(model, version, year, prefix, cancellationToken)).Statistics;
    }

    /// <summary>One of the map's pictures (<see cref="MapKinds"/>) as PNG bytes.</summary>
    public async Task<byte[]> GetImageAsync(string model, int version, int year, string kind, CancellationToken cancellationToken)
    {
        if (!MapKinds.IsKnown(kind))
        {
            throw new MapUnavailableException($"there is no '{kind}' picture; a map has {string.Join(", ", MapKinds.All)}.");
        }
        var prefix = await PrefixAsync(model, version, year, cancellationToken);
        if (await TryDownloadAsync(prefix + kind + ".png", cancellationToken) is { } png)
        {
            return png;
        }
        return (await RenderAsync(model, version, year, prefix, cancellationToken)).Images[kind];
    }

    /// <summary>A map's view with the URLs its pictures are served at.</summary>
    public static MapSetView View(string model, int version, int year, MapStatistics? statistics, Func<string, int, int, string, string> imageUrl) =>
        new(model, version, year,
            imageUrl(model, version, year, MapKinds.Predicted),
            imageUrl(model, version, year, MapKinds.Truth),
            imageUrl(model, version, year, MapKinds.Disagreement),
            statistics);

    private async Task<string> PrefixAsync(string model, int version, int year, CancellationToken cancellationToken)
    {
        if (!ModelName.IsValid(model))
        {
            throw new MapUnavailableException($"'{model}' is not a model name.");
        }
        BlobProperties manifest;
        try
        {
            manifest = await storage.GetBlobContainerClient(SurveyBlobStore.ContainerName).GetBlobClient($"{SurveyBlobStore.Prefix(model, year)}{SurveyPackage.ManifestFile}")
                .GetPropertiesAsync(cancellationToken: cancellationToken);
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            throw new MapUnavailableException($"site {model} has no survey for {year}.", e);
        }
        return Prefix(model, version, year, manifest.ETag.ToString());
    }

    private static string Prefix(string model, int version, int year, string manifestETag) =>
        string.Create(CultureInfo.InvariantCulture, $"{model}/{version}/{year}/{SiteQueries.VersionKey(manifestETag)}/");

    private Task<RenderedMap> RenderAsync(string model, int version, int year, string prefix, CancellationToken cancellationToken)
    {
        var task = inFlight.GetOrAdd(prefix, _ => RenderAndStoreAsync(model, version, year));
        // Forget the task once done: later requests find the pictures in storage (or retry after a failure).
        _ = task.ContinueWith(t => inFlight.TryRemove(new KeyValuePair<string, Task<RenderedMap>>(prefix, t)), TaskScheduler.Default);
        return task.WaitAsync(cancellationToken);
    }

    private async Task<RenderedMap> RenderAndStoreAsync(string model, int version, int year)
    {
        // Not the caller's token: a render other requests wait on finishes even if the first caller leaves.
        var cancellationToken = CancellationToken.None;
        await renders.WaitAsync(cancellationToken);
        try
        {
            BinaryData onnx;
            try
            {
                onnx = await registry.DownloadModelAsync(model, version, cancellationToken);
            }
            catch (ModelRegistryException e) when (e.Status == 404)
            {
                throw new MapUnavailableException($"model {model} has no registered version {version}.", e);
            }
            LocalSurvey survey;
            try
            {
                survey = await surveys.DownloadAsync(model, year, cancellationToken);
            }
            catch (SurveyPackageException e)
            {
                throw new MapUnavailableException($"the {year} survey of {model} cannot be read: {e.Message}", e);
            }
            var maps = await Task.Run(() =>
            {
                using var session = OnnxSession.Create(onnx.ToArray());
                return ClassMapRenderer.Render(session, survey.Directory, options.MapWindowRows, cancellationToken);
            }, cancellationToken);
            var statistics = new MapStatistics(maps.Width, maps.Height, SiteQueries.VersionKey(survey.ManifestETag), maps.ValidPixels, maps.LabelledPixels,
                maps.Agreement is { } agreement ? Math.Round(agreement, 6) : null, maps.PredictedShare, DateTimeOffset.UtcNow);
            var images = new Dictionary<string, byte[]>
            {
                [MapKinds.Predicted] = maps.PredictedPng(),
                [MapKinds.Truth] = maps.TruthPng(),
                [MapKinds.Disagreement] = maps.DisagreementPng(),
            };
            // Stored under the upload actually read, which a newer upload may have replaced meanwhile.
            var prefix = Prefix(model, version, year, survey.ManifestETag);
            await EnsureContainerAsync(cancellationToken);
            foreach (var (kind, png) in images)
            {
                await Container.GetBlobClient(prefix + kind + ".png").UploadAsync(BinaryData.FromBytes(png), new BlobUploadOptions { ContentType = "image/png" }, cancellationToken);
            }
            // The statistics last: their presence says the pictures are all there.
            await Container.GetBlobClient(prefix + StatisticsFile).UploadAsync(BinaryData.FromObjectAsJson(statistics, Json), new BlobUploadOptions { ContentType = "application/json" }, cancellationToken);
            return new RenderedMap(statistics, images);
        }
        finally
        {
            renders.Release();
        }
    }

    private async Task<byte[]?> TryDownloadAsync(string blob, CancellationToken cancellationToken)
    {
        try
        {
            var (content, _) = await Container.GetBlobClient(blob).DownloadContentAsync(cancellationToken: cancellationToken);
            return content.ToArray();
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref containerCreated) == 0)
        {
            await Container.CreateIfNotExistsAsync(cancellationToken);
            Volatile.Write(ref containerCreated, 1);
        }
    }

    private sealed record RenderedMap(MapStatistics Statistics, IReadOnlyDictionary<string, byte[]> Images);
}
