namespace MlOps.Jobs.ContainerApps;

/// <summary>
/// Which Azure Container Apps Job runs the trials and how it is reached, bound from the
/// <c>MlOps:Jobs</c> configuration section (with <c>Runner=containerapps</c>).
/// </summary>
public sealed class ContainerAppsJobRunnerOptions
{
    public string? SubscriptionId { get; set; }

    public string? ResourceGroup { get; set; }

    /// <summary>The Container Apps Job (manual trigger, GPU workload profile) whose executions are the trials.</summary>
    public string? JobName { get; set; }

    /// <summary>The container that gets the trial's environment; default every container of the job's template.</summary>
    public string? ContainerName { get; set; }

    /// <summary>Azure Resource Manager's endpoint; default the public cloud's.</summary>
    public Uri ArmEndpoint { get; set; } = ContainerAppsJobsClientOptions.PublicCloud;

    public string ApiVersion { get; set; } = ContainerAppsJobsClientOptions.DefaultApiVersion;

    /// <summary>The client id of a user-assigned managed identity; when empty, the default credential chain (system-assigned identity in Azure).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>How often a running execution's status is read.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        const string section = "MlOps:Jobs";
        foreach (var (key, value) in new[] { (nameof(SubscriptionId), SubscriptionId), (nameof(ResourceGroup), ResourceGroup), (nameof(JobName), JobName) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException($"{section}:{key} is not set: the Container Apps job runner needs the subscription, resource group and name of the job to start.");
            }
        }
        if (PollInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{section}:PollInterval is {PollInterval}; it must be positive.");
        }
        if (!ArmEndpoint.IsAbsoluteUri || ArmEndpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"{section}:ArmEndpoint is '{ArmEndpoint}'; it must be an absolute https URL (bearer tokens are only sent over TLS).");
        }
    }
}
