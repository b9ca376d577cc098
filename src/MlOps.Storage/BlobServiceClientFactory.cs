using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using MlOps.Storage.Blobs;
using MlOps.Storage.Local;

namespace MlOps.Storage;

/// <summary>
/// Builds a <see cref="BlobServiceClient"/> from a named connection the way Azure Functions
/// reads one: either a connection string under the name (for example
/// <c>AzureWebJobsStorage=UseDevelopmentStorage=true</c>), or an identity-based connection
/// with <c>{name}__blobServiceUri</c> and optionally <c>{name}__credential=managedidentity</c>
/// and <c>{name}__clientId</c>.
/// </summary>
public static class BlobServiceClientFactory
{
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    public static BlobServiceClient Create(IConfiguration configuration, string connectionName = DefaultConnectionName, BlobStorageClientOptions? options = null)
    {
        var connectionString = configuration[connectionName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new BlobServiceClient(StorageConnectionString.Parse(connectionString, DevelopmentBlobPort(configuration)), options);
        }
        var section = configuration.GetSection(connectionName);
        var serviceUri = section["blobServiceUri"] ?? section["serviceUri"];
        if (string.IsNullOrWhiteSpace(serviceUri))
        {
            throw new InvalidOperationException(
                $"Storage connection '{connectionName}' is not configured: set '{connectionName}' to a connection string, or '{connectionName}__blobServiceUri' for an identity-based connection.");
        }
        if (!Uri.TryCreate(serviceUri, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"'{connectionName}__blobServiceUri' is '{serviceUri}', not an absolute URI.");
        }
        return new BlobServiceClient(uri, CreateCredential(section), options);
    }

    /// <summary>True when the named connection points at the local emulator, which the host then starts itself.</summary>
    public static bool UsesDevelopmentStorage(IConfiguration configuration, string connectionName = DefaultConnectionName) =>
        configuration[connectionName] is { } value
        && value.Replace(" ", "", StringComparison.Ordinal).Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);

    public static int DevelopmentBlobPort(IConfiguration configuration) =>
        configuration.GetSection(AzuriteOptions.Section).GetValue(nameof(AzuriteOptions.BlobPort), StorageConnectionString.DefaultDevelopmentBlobPort);

    private static TokenCredential CreateCredential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
