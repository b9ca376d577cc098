using Azure.Core;

namespace MlOps.Storage.Blobs;

/// <summary>Options for the blob clients: the REST version, and Azure.Core's retry, transport and diagnostics.</summary>
public sealed class BlobStorageClientOptions : ClientOptions
{
    public const string DefaultServiceVersion = "2023-11-03";

    public BlobStorageClientOptions()
    {
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromMilliseconds(200);
        Retry.NetworkTimeout = TimeSpan.FromMinutes(5);
    }

    /// <summary>The x-ms-version sent with every request.</summary>
    public string ServiceVersion { get; set; } = DefaultServiceVersion;

    /// <summary>How large transfers are split; see <see cref="StorageTransferOptions"/>.</summary>
    public StorageTransferOptions TransferOptions { get; set; } = new();
}
