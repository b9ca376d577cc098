namespace MlOps.Storage.Blobs;

/// <summary>How uploads and downloads are split into blocks and ranges and how many run at once.</summary>
public sealed record StorageTransferOptions
{
    /// <summary>Uploads up to this size go as one Put Blob; larger ones as blocks.</summary>
    public long SinglePutThreshold { get; init; } = 8 * 1024 * 1024;

    /// <summary>Size of each block on upload and each range on download.</summary>
    public int ChunkSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Blocks or ranges in flight at once.</summary>
    public int MaxConcurrency { get; init; } = 4;

    internal void Validate()
    {
        if (ChunkSize is < 64 * 1024 or > 256 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkSize), ChunkSize, "ChunkSize must be between 64 KiB and 256 MiB.");
        }
        if (MaxConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), MaxConcurrency, "MaxConcurrency must be at least 1.");
        }
        if (SinglePutThreshold < 0 || SinglePutThreshold > 256L * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(SinglePutThreshold), SinglePutThreshold, "SinglePutThreshold must be between 0 and 256 MiB.");
        }
    }
}
