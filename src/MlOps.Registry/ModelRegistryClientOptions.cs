namespace MlOps.Registry;

/// <summary>Options for <see cref="ModelRegistryClient"/>.</summary>
public sealed class ModelRegistryClientOptions
{
    public const string DefaultContainerName = "models";

    /// <summary>The blob container that holds every model (default <c>models</c>).</summary>
    public string ContainerName { get; set; } = DefaultContainerName;

    /// <summary>How many times a read-modify-write (aliases, rollout state, version allocation) retries after losing to another writer.</summary>
    public int MaxConflictRetries { get; set; } = 64;

    /// <summary>
    /// A model.onnx without a card older than this is taken for the leftover of a crashed
    /// registration and emptied by the next registration. Younger ones may still be in progress.
    /// </summary>
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest model.onnx accepted; it goes up as one create-only Put Blob (at most 256 MiB).</summary>
    public long MaxModelBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The clock for card and history timestamps and the orphan grace period.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        MlOps.Storage.Blobs.BlobName.ValidateContainer(ContainerName);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConflictRetries, 1, nameof(MaxConflictRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(OrphanGracePeriod, TimeSpan.Zero, nameof(OrphanGracePeriod));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxModelBytes, 1, nameof(MaxModelBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxModelBytes, 256L * 1024 * 1024, nameof(MaxModelBytes));
    }
}
