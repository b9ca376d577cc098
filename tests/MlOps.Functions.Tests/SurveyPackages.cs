using MlOps.Storage.Blobs;

namespace MlOps.Functions.Tests;

/// <summary>Uploads survey packages the way `mlops upload` does: rasters first, manifest last.</summary>
internal static class SurveyPackages
{
    public static async Task<BlobContentInfo> UploadAsync(BlobServiceClient storage, string site, int year)
    {
        var container = storage.GetBlobContainerClient("surveys");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient($"{site}/{year}/backscatter.tif").UploadAsync(BinaryData.FromString("raster"));
        return await container.GetBlobClient($"{site}/{year}/manifest.json").UploadAsync(
            BinaryData.FromString($"{{\"site\":\"{site}\",\"year\":{year}}}"), new BlobUploadOptions { ContentType = "application/json" });
    }
}
