using System.Text.Json.Nodes;

namespace MlOps.Registry;

/// <summary>
/// What a caller knows when it registers a model; the registry adds the name, version,
/// creation time and model.onnx size and hash to make the <see cref="ModelCard"/>.
/// </summary>
public sealed record ModelRegistration
{
    /// <summary>
    /// The training run this model came from. Registering the same run again returns the version
    /// it already became instead of a new one, so a retried step is harmless.
    /// </summary>
    public required string RunId { get; init; }

    /// <summary>e.g. <c>rf</c>, <c>svm</c>, <c>gbdt</c>, <c>mlp</c>.</summary>
    public required string ModelKind { get; init; }

    public JsonObject Parameters { get; init; } = [];

    public IReadOnlyList<DataYear> DataYears { get; init; } = [];

    public JsonObject Metrics { get; init; } = [];

    public string? SweepId { get; init; }

    public string? TrialId { get; init; }

    public string? CodeVersion { get; init; }

    /// <summary>The version this one succeeds; null takes the champion at registration time.</summary>
    public int? ParentVersion { get; init; }

    /// <summary>
    /// A specific version number to register (imports, migrations). Null allocates the next one.
    /// A number already taken is refused with <see cref="ModelRegistryErrorCode.VersionExists"/>.
    /// </summary>
    public int? Version { get; init; }

    internal void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(RunId), "RunId is required.");
        Require(!string.IsNullOrWhiteSpace(ModelKind), "ModelKind is required.");
        Require(Version is null or >= 1, $"Version {Version} is not valid: versions start at 1.");
        Require(ParentVersion is null or >= 1, $"ParentVersion {ParentVersion} is not valid: versions start at 1.");
        for (var i = 0; i < DataYears.Count; i++)
        {
            var year = DataYears[i];
            for (var j = 0; j < year.Files.Count; j++)
            {
                var file = year.Files[j];
                Require(!string.IsNullOrWhiteSpace(file.Name), $"DataYears[{i}].Files[{j}].Name is empty.");
                Require(IsSha256(file.Sha256), $"DataYears[{i}].Files[{j}].Sha256 '{file.Sha256}' is not 64 lowercase hex digits.");
            }
        }
    }

    private static bool IsSha256(string? value) =>
        value is { Length: 64 } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ModelRegistryException(400, ModelRegistryErrorCode.InvalidRequest, "Invalid model registration: " + message);
        }
    }
}
