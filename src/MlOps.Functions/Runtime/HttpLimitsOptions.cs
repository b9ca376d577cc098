namespace MlOps.Functions.Runtime;

/// <summary>Request size limits (configuration section MlOps:Http).</summary>
public sealed class HttpLimitsOptions
{
    public const string Section = "MlOps:Http";

    /// <summary>Largest body an HTTP function accepts (bytes).</summary>
    public long MaxRequestBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Largest Event Grid delivery accepted (bytes); Event Grid itself caps a batch at 1 MB.</summary>
    public long MaxEventGridBodyBytes { get; set; } = 1024 * 1024;
}
