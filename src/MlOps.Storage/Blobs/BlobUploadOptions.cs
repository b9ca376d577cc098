namespace MlOps.Storage.Blobs;

/// <summary>Options for one upload.</summary>
public sealed record BlobUploadOptions
{
    public string? ContentType { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public BlobRequestConditions? Conditions { get; init; }

    /// <summary>Overrides the client's transfer options for this upload.</summary>
    public StorageTransferOptions? TransferOptions { get; init; }

    /// <summary>Reports bytes sent so far.</summary>
    public IProgress<long>? Progress { get; init; }
}

/// <summary>Options for one download.</summary>
public sealed record BlobDownloadOptions
{
    public Azure.HttpRange? Range { get; init; }

    public BlobRequestConditions? Conditions { get; init; }
}
