using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Learning.Trials;

/// <summary>
/// The trial job contract's input: what to train on (a site's survey years in blob storage),
/// which model with which parameters, the seed, and where to write metrics.jsonl,
/// metrics.json and model.onnx. Any program that honours it can be a trainer.
/// </summary>
public sealed record TrialSpec
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required string SweepId { get; init; }

    public required string TrialId { get; init; }

    public required string Site { get; init; }

    /// <summary>Survey years to train on, from surveys/{site}/{year}/ (an expanding window).</summary>
    public required IReadOnlyList<int> Years { get; init; }

    /// <summary>rf, gbdt, mlp or svm.</summary>
    public required string Model { get; init; }

    /// <summary>Model hyperparameters and the feature parameters embeddingDim and embeddingSigma, as invariant strings.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Share of the labelled pixels used for training; the rest (in spatial blocks) validates.</summary>
    public double TrainingFraction { get; init; } = 0.7;

    /// <summary>At most this many labelled pixels are sampled from each survey (0: all).</summary>
    public int MaxRowsPerSurvey { get; init; }

    public int Seed { get; init; }

    /// <summary>Blob container and prefix the trial writes to, e.g. trials/{sweepId}/{trialId}/.</summary>
    public required string OutputContainer { get; init; }

    public required string OutputPrefix { get; init; }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a spec, naming what is wrong when it cannot be used.</summary>
    public static TrialSpec Parse(string json, string source)
    {
        TrialSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<TrialSpec>(json, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Trial spec {source} is not valid: {e.Message}", e);
        }
        if (spec is null)
        {
            throw new FormatException($"Trial spec {source} is empty.");
        }
        if (spec.Version != CurrentVersion)
        {
            throw new FormatException($"Trial spec {source} has version {spec.Version}; this trainer reads version {CurrentVersion}.");
        }
        if (spec.Years.Count == 0)
        {
            throw new FormatException($"Trial spec {source} names no survey years.");
        }
        if (spec.TrainingFraction is <= 0 or >= 1)
        {
            throw new FormatException($"Trial spec {source} has trainingFraction {spec.TrainingFraction}; it must be between 0 and 1.");
        }
        return spec;
    }
}
