namespace MlOps.Functions.Runtime;

/// <summary>
/// The host's keys (configuration section MlOps:Keys; in Azure, secrets from Key Vault as
/// MlOps__Keys__Master, MlOps__Keys__Function, MlOps__Keys__EventGrid, MlOps__Keys__DurableTask). Locally, keys that
/// are not configured are generated once and kept in .mlops/keys.json.
/// </summary>
public sealed class FunctionKeysOptions
{
    public const string Section = "MlOps:Keys";

    public string? Master { get; set; }

    public string? Function { get; set; }

    /// <summary>The key Event Grid puts in the webhook URL (?code=…), like the Functions eventgrid_extension system key.</summary>
    public string? EventGrid { get; set; }

    /// <summary>The key in the durable management links (statusQueryGetUri…), like the Functions durabletask_extension system key.</summary>
    public string? DurableTask { get; set; }
}
