using MlOps.Storage.Blobs;
using MlOps.Surveys.Packages;
using MlOps.Surveys.Synthesis;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

/// <summary>Small real survey packages (synthesized), uploaded the way `mlops upload` does: rasters first, manifest last.</summary>
internal static class SurveyPackages
{
    public static async Task<BlobProperties> UploadAsync(BlobServiceClient storage, string site, int year, int size = 128, Action<string>? corrupt = null)
    {
        var folder = RepositoryPaths.NewWorkDirectory($"pkg-{site}-{year}");
        await new SurveySynthesizer(new SurveySynthesisOptions { Site = site, Size = size, Seed = 3 }).WriteYearAsync(folder, year);
        corrupt?.Invoke(folder);
        await new SurveyBlobStore(storage, folder).UploadAsync(site, year, folder);
        Directory.Delete(folder, recursive: true);
        return await storage.GetBlobContainerClient(SurveyBlobStore.ContainerName).GetBlobClient($"{site}/{year}/manifest.json").GetPropertiesAsync();
    }
}
