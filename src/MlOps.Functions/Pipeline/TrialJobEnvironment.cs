using MlOps.Storage;
using MlOps.Storage.Local;

namespace MlOps.Functions.Pipeline;

/// <summary>
/// The settings a trial process needs to reach the same blob storage as the host: the
/// AzureWebJobsStorage connection (a connection string, or the identity-based
/// __blobServiceUri/__credential/__clientId form) and, locally, Azurite's port and the host's
/// survey cache.
/// </summary>
public static class TrialJobEnvironment
{
    public static IReadOnlyDictionary<string, string> From(IConfiguration configuration, MlOps.Storage.Configuration.MlOpsPaths paths)
    {
        var environment = new Dictionary<string, string>();
        var name = BlobServiceClientFactory.DefaultConnectionName;
        if (configuration[name] is { Length: > 0 } connection)
        {
            environment[name] = connection;
        }
        foreach (var setting in configuration.GetSection(name).GetChildren())
        {
            if (setting.Value is { Length: > 0 } value)
            {
                environment[$"{name}__{setting.Key}"] = value;
            }
        }
        environment["MlOps__Azurite__BlobPort"] = BlobServiceClientFactory.DevelopmentBlobPort(configuration).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (BlobServiceClientFactory.UsesDevelopmentStorage(configuration))
        {
            // Local trials share the host's survey cache: the host has already downloaded what they read.
            environment["MLOPS_CACHE_DIR"] = Path.Combine(paths.StateDirectory, "cache", "surveys");
        }
        return environment;
    }
}
