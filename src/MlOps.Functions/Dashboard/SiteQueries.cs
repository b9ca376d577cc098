using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlOps.Reports.Views;
using MlOps.Storage;
using MlOps.Storage.Blobs;
using MlOps.Surveys.Packages;

namespace MlOps.Functions.Dashboard;

/// <summary>
/// Sites and their surveys, from one listing of the surveys container and one of the quarantine
/// container. A manifest or quarantine report is read once per ETag and then kept in memory
/// (a new upload has a new ETag).
/// </summary>
public sealed class SiteQueries(BlobServiceClient storage, ModelQueries models)
{
    private readonly ConcurrentDictionary<string, Task<SurveyManifest?>> manifests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<IReadOnlyList<string>>> problems = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<SiteView>> ListAsync(CancellationToken cancellationToken)
    {
        var surveysTask = ListAsync(SurveyBlobStore.ContainerName, cancellationToken);
        var quarantineTask = ListAsync(SurveyBlobStore.QuarantineContainerName, cancellationToken);
        await Task.WhenAll(surveysTask, quarantineTask);

        var years = new Dictionary<string, List<BlobItem>>(StringComparer.Ordinal);
        foreach (var blob in surveysTask.Result)
        {
            var parts = blob.Name.Split('/');
            if (parts is [var site, var year, SurveyPackage.ManifestFile] && IsYear(year))
            {
                (years.TryGetValue(site, out var list) ? list : years[site] = []).Add(blob);
            }
        }
        var quarantined = new Dictionary<string, List<BlobItem>>(StringComparer.Ordinal);
        foreach (var blob in quarantineTask.Result)
        {
            var parts = blob.Name.Split('/');
            if (parts is [var site, var year, _, "report.json"] && IsYear(year))
            {
                (quarantined.TryGetValue(site, out var list) ? list : quarantined[site] = []).Add(blob);
            }
        }
        var names = years.Keys.Concat(quarantined.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        return await Task.WhenAll(names.Select(name => SiteAsync(name, years.GetValueOrDefault(name) ?? [], quarantined.GetValueOrDefault(name) ?? [], cancellationToken)));
    }

    private async Task<SiteView> SiteAsync(string name, List<BlobItem> manifestBlobs, List<BlobItem> reports, CancellationToken cancellationToken)
    {
        var modelTask = Registry.ModelName.IsValid(name) ? SummaryAsync(name, cancellationToken) : Task.FromResult<ModelSummaryView?>(null);
        var surveyYears = await Task.WhenAll(manifestBlobs.Select(async blob =>
        {
            var manifest = await ManifestAsync(blob, cancellationToken);
            return new SurveyYearView(
                int.Parse(blob.Name.Split('/')[1], CultureInfo.InvariantCulture),
                VersionKey(blob.Properties.ETag.ToString()),
                blob.Properties.LastModified,
                manifest?.Crs,
                manifest?.Acquisition.Start,
                manifest?.Acquisition.End,
                manifest?.Files.Select(f => new SurveyFileView(f.Name, f.Size, f.Sha256)).ToList() ?? []);
        }));
        var bad = await Task.WhenAll(reports.Select(async blob =>
        {
            var parts = blob.Name.Split('/');
            return new QuarantinedSurveyView(int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2], blob.Properties.LastModified, await ProblemsAsync(blob, cancellationToken));
        }));
        return new SiteView(name, surveyYears.OrderBy(y => y.Year).ToList(), bad.ToList(), await modelTask);
    }

    private async Task<ModelSummaryView?> SummaryAsync(string name, CancellationToken cancellationToken) => await models.SummaryAsync(name, cancellationToken);

    /// <summary>The short key of a manifest version the dashboard and map cache use (16 hex digits of the ETag's SHA-256).</summary>
    public static string VersionKey(string etag) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(etag.Trim('"'))))[..16];

    private Task<SurveyManifest?> ManifestAsync(BlobItem blob, CancellationToken cancellationToken) =>
        Remembered(manifests, blob.Name + "|" + blob.Properties.ETag, async () =>
        {
            var (content, _) = await storage.GetBlobContainerClient(SurveyBlobStore.ContainerName).GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken: CancellationToken.None);
            return SurveyManifest.TryParse(content.ToString(), out var manifest, out _) ? manifest : null;
        }, cancellationToken);

    private Task<IReadOnlyList<string>> ProblemsAsync(BlobItem blob, CancellationToken cancellationToken) =>
        Remembered(problems, blob.Name + "|" + blob.Properties.ETag, async () =>
        {
            var (content, _) = await storage.GetBlobContainerClient(SurveyBlobStore.QuarantineContainerName).GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken: CancellationToken.None);
            try
            {
                using var report = JsonDocument.Parse(content.ToMemory());
                return report.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                    ? errors.EnumerateArray().Select(e => $"{Text(e, "file")}: {Text(e, "message")}").ToList()
                    : (IReadOnlyList<string>)["the report lists no errors"];
            }
            catch (JsonException e)
            {
                return [$"the quarantine report is not valid JSON: {e.Message}"];
            }
        }, cancellationToken);

    private static async Task<T> Remembered<T>(ConcurrentDictionary<string, Task<T>> cache, string key, Func<Task<T>> load, CancellationToken cancellationToken)
    {
        var task = cache.GetOrAdd(key, _ => load());
        try
        {
            return await task.WaitAsync(cancellationToken);
        }
        catch when (task.IsFaulted)
        {
            cache.TryRemove(new KeyValuePair<string, Task<T>>(key, task));
            throw;
        }
    }

    private async Task<List<BlobItem>> ListAsync(string container, CancellationToken cancellationToken)
    {
        var items = new List<BlobItem>();
        try
        {
            await foreach (var blob in storage.GetBlobContainerClient(container).GetBlobsAsync(cancellationToken: cancellationToken))
            {
                items.Add(blob);
            }
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            // No container yet: nothing uploaded or quarantined.
        }
        return items;
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "?";

    private static bool IsYear(string text) => text.Length == 4 && text.All(char.IsAsciiDigit);
}
