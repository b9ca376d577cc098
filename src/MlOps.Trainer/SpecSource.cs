using MlOps.Learning.Trials;
using MlOps.Storage.Blobs;

namespace MlOps.Trainer;

/// <summary>Where a trial spec comes from: <c>blob:{container}/{name}</c> in the configured storage, or a local file.</summary>
public static class SpecSource
{
    public const string BlobScheme = "blob:";

    public static async Task<TrialSpec> ReadAsync(string location, Func<BlobServiceClient> storage, CancellationToken cancellationToken)
    {
        string json;
        if (location.StartsWith(BlobScheme, StringComparison.Ordinal))
        {
            var path = location[BlobScheme.Length..];
            var slash = path.IndexOf('/');
            if (slash <= 0)
            {
                throw new FormatException($"Trial spec location '{location}' must be blob:{{container}}/{{name}}.");
            }
            var (content, _) = await storage().GetBlobContainerClient(path[..slash]).GetBlobClient(path[(slash + 1)..]).DownloadContentAsync(cancellationToken: cancellationToken);
            json = content.ToString();
        }
        else
        {
            json = await File.ReadAllTextAsync(location, cancellationToken);
        }
        return TrialSpec.Parse(json, location);
    }
}
