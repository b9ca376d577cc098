namespace MlOps.Functions.Pipeline;

/// <summary>
/// What starts a retrain run: a site, the year whose survey arrived (or none for a scheduled
/// or manual run over the years already there), the manifest's ETag when a blob event started
/// it, an optional sweep spec (YAML or JSON text) and what triggered it.
/// </summary>
public sealed record RetrainRequest(
    string Site,
    int? Year = null,
    string? ManifestETag = null,
    IReadOnlyList<int>? Years = null,
    string? Sweep = null,
    string Trigger = "manual");
