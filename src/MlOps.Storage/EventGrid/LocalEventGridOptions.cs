namespace MlOps.Storage.EventGrid;

/// <summary>
/// The local stand-in for an Event Grid system topic on the storage account with one
/// BlobCreated subscription (configuration section MlOps:LocalEventGrid).
/// </summary>
public sealed class LocalEventGridOptions
{
    public const string Section = "MlOps:LocalEventGrid";

    public static readonly IReadOnlyList<string> DefaultContainers = ["surveys"];

    /// <summary>Whether the host runs the emitter at all when it uses local storage.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Containers whose new blobs raise BlobCreated events (default: surveys). Null until
    /// configured, because configuration binding adds to an array's initial items instead of
    /// replacing them.
    /// </summary>
    public string[]? Containers { get; set; }

    public IReadOnlyList<string> WatchedContainers => Containers is { Length: > 0 } configured ? configured : DefaultContainers;

    /// <summary>How often the containers are listed for new blobs or new versions.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Attempts per batch before its events go to the dead-letter folder (Event Grid's default is 30).</summary>
    public int MaxDeliveryAttempts { get; set; } = 30;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxEventsPerBatch { get; set; } = 10;

    /// <summary>Where delivered events are remembered and dead letters are written; defaults to .mlops/eventgrid.</summary>
    public string? StateDirectory { get; set; }
}
