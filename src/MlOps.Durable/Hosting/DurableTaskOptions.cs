namespace MlOps.Durable.Hosting;

/// <summary>
/// The durable engine's settings, bound from host.json's <c>extensions.durableTask</c>
/// (configuration section <see cref="ConfigurationSection"/>) with Durable Functions' names.
/// </summary>
public sealed class DurableTaskOptions
{
    public const string ConfigurationSection = "AzureFunctionsJobHost:extensions:durableTask";

    public string HubName { get; set; } = "MlOpsHub";

    public int MaxConcurrentActivityFunctions { get; set; } = 10 * Environment.ProcessorCount;

    public int MaxConcurrentOrchestratorFunctions { get; set; } = 10 * Environment.ProcessorCount;

    public DurableStorageProviderOptions StorageProvider { get; set; } = new();

    /// <summary>Text longer than this (characters) is stored as a payload blob, not in a table row.</summary>
    public int LargePayloadThresholdChars { get; set; } = 60 * 1024;

    /// <summary>How long a claimed work item stays with a host that stops renewing it (a crashed host's work moves on after this).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long shutdown waits for running activities before releasing them to run again elsewhere.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether this host runs orchestrations and activities (false: client only).</summary>
    public bool EnableWorker { get; set; } = true;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(HubName))
        {
            throw new InvalidOperationException("durableTask.hubName must not be empty (host.json extensions.durableTask.hubName).");
        }
        if (MaxConcurrentActivityFunctions < 1)
        {
            throw new InvalidOperationException($"durableTask.maxConcurrentActivityFunctions must be at least 1, not {MaxConcurrentActivityFunctions}.");
        }
        if (MaxConcurrentOrchestratorFunctions < 1)
        {
            throw new InvalidOperationException($"durableTask.maxConcurrentOrchestratorFunctions must be at least 1, not {MaxConcurrentOrchestratorFunctions}.");
        }
        if (LeaseDuration < TimeSpan.FromMilliseconds(300))
        {
            throw new InvalidOperationException($"durableTask.leaseDuration must be at least 300 ms, not {LeaseDuration}.");
        }
    }
}

/// <summary>Which store the task hub lives in (host.json <c>extensions.durableTask.storageProvider</c>).</summary>
public sealed class DurableStorageProviderOptions
{
    /// <summary>"sqlite" (embedded default) or "postgres".</summary>
    public string Type { get; set; } = "sqlite";

    /// <summary>A connection string, or for SQLite also a plain file path.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The name of a setting or connection string that holds the connection string.</summary>
    public string? ConnectionStringName { get; set; }

    /// <summary>The longest a dispatcher waits between polls when idle (work started in this process wakes it at once).</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Where large payloads go when no payload store is registered: a directory.</summary>
    public string? PayloadDirectory { get; set; }
}
