using System.Security.Cryptography;
using System.Text;
using MlOps.Storage;
using MlOps.Storage.Blobs;

namespace MlOps.Surveys.Packages;

/// <summary>A survey package downloaded from blob storage: its local folder and the manifest version it holds.</summary>
public sealed record LocalSurvey(string Site, int Year, string Directory, string ManifestETag);

/// <summary>
/// Survey packages in blob storage (<c>surveys/{site}/{year}/…</c>): upload with the manifest
/// last, list a site's years, download into a local cache keyed by the manifest's version, and
/// move a bad package to <c>quarantine/</c> with its validation report.
/// </summary>
public sealed class SurveyBlobStore(BlobServiceClient storage, string cacheDirectory)
{
    public const string ContainerName = "surveys";
    public const string QuarantineContainerName = "quarantine";

    private BlobContainerClient Surveys => storage.GetBlobContainerClient(ContainerName);

    public static string Prefix(string site, int year) => $"{site}/{year}/";

    /// <summary>Years of the site that have a manifest, in order.</summary>
    public async Task<IReadOnlyList<int>> ListYearsAsync(string site, CancellationToken cancellationToken = default)
    {
        var years = new SortedSet<int>();
        if (!await Surveys.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return [];
        }
        await foreach (var blob in Surveys.GetBlobsAsync($"{site}/", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var parts = blob.Name.Split('/');
            if (parts.Length == 3 && parts[2] == SurveyPackage.ManifestFile && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year))
            {
                years.Add(year);
            }
        }
        return years.ToList();
    }

    /// <summary>Uploads every file of a package folder, the manifest last: its arrival announces the package.</summary>
    public async Task UploadAsync(string site, int year, string directory, Action<string, long, long>? progress = null, CancellationToken cancellationToken = default)
    {
        var files = new DirectoryInfo(directory).GetFiles()
            .Where(f => !f.Name.StartsWith('.'))
            .OrderBy(f => f.Name == SurveyPackage.ManifestFile)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        if (files.All(f => f.Name != SurveyPackage.ManifestFile))
        {
            throw new SurveyPackageException([new SurveyValidationError(SurveyPackage.ManifestFile, $"'{directory}' has none: a survey package is announced by its manifest, so nothing was uploaded.")]);
        }
        await Surveys.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var file in files)
        {
            await Surveys.GetBlobClient(Prefix(site, year) + file.Name).UploadFromFileAsync(
                file.FullName,
                new BlobUploadOptions
                {
                    ContentType = file.Extension == ".json" ? "application/json" : "image/tiff",
                    Progress = progress is null ? null : new Progress(sent => progress(file.Name, sent, file.Length)),
                },
                cancellationToken).ConfigureAwait(false);
            progress?.Invoke(file.Name, file.Length, file.Length);
        }
    }

    /// <summary>
    /// The package as it is now, in a local folder named after its manifest's version; a version
    /// already downloaded is reused. Files the manifest names but storage lacks are simply absent,
    /// for validation to report.
    /// </summary>
    public async Task<LocalSurvey> DownloadAsync(string site, int year, CancellationToken cancellationToken = default)
    {
        var prefix = Prefix(site, year);
        BlobProperties manifest;
        try
        {
            manifest = await Surveys.GetBlobClient(prefix + SurveyPackage.ManifestFile).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            throw new SurveyPackageException([new SurveyValidationError(SurveyPackage.ManifestFile, $"missing: there is no survey package at {ContainerName}/{prefix}.")]);
        }
        var etag = manifest.ETag.ToString();
        var target = Path.Combine(cacheDirectory, site, year.ToString(System.Globalization.CultureInfo.InvariantCulture), VersionKey(etag));
        if (File.Exists(Path.Combine(target, ".complete")))
        {
            return new LocalSurvey(site, year, target, etag);
        }
        var partial = target + ".partial-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(partial);
        try
        {
            await foreach (var blob in Surveys.GetBlobsAsync(prefix, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var name = blob.Name[prefix.Length..];
                if (name.Contains('/'))
                {
                    continue;
                }
                await Surveys.GetBlobClient(blob.Name).DownloadToFileAsync(Path.Combine(partial, name), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            await File.WriteAllTextAsync(Path.Combine(partial, ".complete"), etag, cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
            Directory.Move(partial, target);
        }
        catch (IOException) when (File.Exists(Path.Combine(target, ".complete")))
        {
            // Another process (a parallel trial) finished the same download first: use its copy.
            Directory.Delete(partial, recursive: true);
        }
        catch
        {
            Directory.Delete(partial, recursive: true);
            throw;
        }
        return new LocalSurvey(site, year, target, etag);
    }

    /// <summary>
    /// Moves the package version to <c>quarantine/{site}/{year}/{version}/</c> with the report
    /// beside it, and removes it from <c>surveys/</c> unless a newer manifest has arrived meanwhile.
    /// Returns the quarantine prefix.
    /// </summary>
    public async Task<string> QuarantineAsync(LocalSurvey survey, string reportJson, CancellationToken cancellationToken = default)
    {
        var quarantine = storage.GetBlobContainerClient(QuarantineContainerName);
        await quarantine.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        var target = $"{Prefix(survey.Site, survey.Year)}{VersionKey(survey.ManifestETag)}/";
        foreach (var file in Directory.GetFiles(survey.Directory).Where(f => !Path.GetFileName(f).StartsWith('.')))
        {
            await quarantine.GetBlobClient(target + Path.GetFileName(file)).UploadFromFileAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        await quarantine.GetBlobClient(target + "report.json").UploadAsync(BinaryData.FromString(reportJson), new BlobUploadOptions { ContentType = "application/json" }, cancellationToken).ConfigureAwait(false);

        var prefix = Prefix(survey.Site, survey.Year);
        try
        {
            await Surveys.GetBlobClient(prefix + SurveyPackage.ManifestFile).DeleteAsync(BlobRequestConditions.MatchOnly(new Azure.ETag(survey.ManifestETag)), cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConflictException)
        {
            // A corrected package arrived meanwhile: it is a new version and starts its own run.
            return target;
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            return target;
        }
        await foreach (var blob in Surveys.GetBlobsAsync(prefix, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await Surveys.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        return target;
    }

    private static string VersionKey(string etag) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(etag.Trim('"'))))[..16];

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
