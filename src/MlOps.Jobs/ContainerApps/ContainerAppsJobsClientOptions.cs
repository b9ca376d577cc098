using Azure.Core;

namespace MlOps.Jobs.ContainerApps;

/// <summary>Options for <see cref="ContainerAppsJobsClient"/>: the ARM endpoint and API version, and Azure.Core's retry, transport and diagnostics.</summary>
public sealed class ContainerAppsJobsClientOptions : ClientOptions
{
    public const string DefaultApiVersion = "2024-03-01";

    public static readonly Uri PublicCloud = new("https://management.azure.com");

    public ContainerAppsJobsClientOptions()
    {
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromMilliseconds(500);
    }

    /// <summary>The Azure Resource Manager endpoint (another cloud, or a local fake in tests).</summary>
    public Uri ArmEndpoint { get; set; } = PublicCloud;

    /// <summary>The Microsoft.App REST API version sent as <c>api-version</c>.</summary>
    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>The token scope: ARM's, <c>{endpoint}/.default</c> for the public cloud.</summary>
    public string Scope => ArmEndpoint == PublicCloud ? "https://management.azure.com/.default" : new Uri(ArmEndpoint, "/.default").ToString();
}
