using Azure.Core;
using Azure.Core.Pipeline;
using MlOps.Storage.Pipeline;

namespace MlOps.Storage.Blobs;

/// <summary>
/// The entry point to one storage account's Blob service, on Azure.Core's HTTP pipeline.
/// Authorization is a pipeline policy chosen by the constructor: Shared Key, SAS or an Entra
/// ID <see cref="TokenCredential"/> (for example a managed identity).
/// </summary>
public sealed class BlobServiceClient
{
    private const string StorageScope = "https://storage.azure.com/.default";

    private readonly BlobRestPipeline pipeline;

    public BlobServiceClient(string connectionString, BlobStorageClientOptions? options = null, int developmentBlobPort = StorageConnectionString.DefaultDevelopmentBlobPort)
        : this(StorageConnectionString.Parse(connectionString, developmentBlobPort), options)
    {
    }

    public BlobServiceClient(StorageConnectionString connection, BlobStorageClientOptions? options = null)
        : this(connection.BlobEndpoint, connection.AccountName ?? "(unknown)", AuthenticationPolicy(connection), options)
    {
    }

    public BlobServiceClient(Uri serviceUri, StorageSharedKeyCredential credential, BlobStorageClientOptions? options = null)
        : this(serviceUri, credential.AccountName, new SharedKeyAuthenticationPolicy(credential), options)
    {
    }

    public BlobServiceClient(Uri serviceUri, TokenCredential credential, BlobStorageClientOptions? options = null)
        : this(serviceUri, StorageConnectionString.AccountNameFromEndpoint(serviceUri) ?? serviceUri.Host, new BearerTokenAuthenticationPolicy(credential, StorageScope), options)
    {
    }

    /// <summary>A service URI whose query is a SAS token.</summary>
    public BlobServiceClient(Uri serviceSasUri, BlobStorageClientOptions? options = null)
        : this(new UriBuilder(serviceSasUri) { Query = "" }.Uri,
               StorageConnectionString.AccountNameFromEndpoint(serviceSasUri) ?? serviceSasUri.Host,
               new SharedAccessSignaturePolicy(serviceSasUri.Query),
               options)
    {
    }

    private BlobServiceClient(Uri serviceUri, string accountName, HttpPipelinePolicy authentication, BlobStorageClientOptions? options)
    {
        options ??= new BlobStorageClientOptions();
        options.TransferOptions.Validate();
        var http = HttpPipelineBuilder.Build(
            options,
            [new StorageVersionPolicy(options.ServiceVersion)],
            [authentication],
            new ResponseClassifier());
        pipeline = new BlobRestPipeline(http, serviceUri, accountName, options.TransferOptions);
    }

    public Uri Uri => pipeline.Endpoint;

    public string AccountName => pipeline.AccountName;

    public BlobContainerClient GetBlobContainerClient(string containerName) => new(pipeline, containerName);

    private static HttpPipelinePolicy AuthenticationPolicy(StorageConnectionString connection) =>
        connection.SharedKey is { } key
            ? new SharedKeyAuthenticationPolicy(key)
            : new SharedAccessSignaturePolicy(connection.SharedAccessSignature
                ?? throw new FormatException("The storage connection string has neither AccountKey nor SharedAccessSignature."));
}
