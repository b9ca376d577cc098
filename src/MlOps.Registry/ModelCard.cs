using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MlOps.Registry;

/// <summary>
/// card.json: everything known about one immutable model version — where it came from (run,
/// sweep, trial, code, data years with their files' SHA-256), what it is (model kind and
/// parameters), how good it is (metrics), and which model.onnx it describes (size, SHA-256).
/// </summary>
/// <param name="Metrics">
/// A free-form JSON object. By convention the headline numbers are top-level <c>accuracy</c>
/// and <c>kappa</c> (on the newest year); anything else (per-class arrays, the model × year
/// matrix, challenger vs champion) sits beside them.
/// </param>
/// <param name="RegistrationId">Ties this card to its model.onnx (both blobs carry it as metadata).</param>
/// <param name="ParentVersion">The version this one was meant to succeed (the champion when it was registered), if any.</param>
/// <param name="SizeBytes">Length of model.onnx.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of model.onnx.</param>
public sealed record ModelCard(
    string Name,
    int Version,
    DateTimeOffset CreatedAt,
    string RegistrationId,
    string RunId,
    string ModelKind,
    JsonObject Parameters,
    IReadOnlyList<DataYear> DataYears,
    JsonObject Metrics,
    long SizeBytes,
    string Sha256,
    string? SweepId = null,
    string? TrialId = null,
    string? CodeVersion = null,
    int? ParentVersion = null)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>Version of this document's shape, for readers of older or newer cards.</summary>
    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>A top-level numeric metric (e.g. <c>accuracy</c>, <c>kappa</c>), or null when absent or not a number.</summary>
    public double? GetMetric(string name) =>
        Metrics.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<double>(out var number)
            ? number
            : null;
}
