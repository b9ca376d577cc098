using System.Text.Json.Serialization;

namespace MlOps.Learning.Metrics;

/// <summary>
/// Classification quality over seabed classes 1–5. Per-class arrays are indexed by class − 1;
/// a class absent from both the truth and the predictions scores 0. Macro averages are taken
/// over the classes that occur in the truth or the predictions. <see cref="Confusion"/>[t][p]
/// counts pixels of true class t+1 predicted as p+1.
/// </summary>
public sealed record ClassificationReport
{
    [JsonPropertyName("accuracy")]
    public required double Accuracy { get; init; }

    [JsonPropertyName("kappa")]
    public required double Kappa { get; init; }

    [JsonPropertyName("precision")]
    public required double[] Precision { get; init; }

    [JsonPropertyName("recall")]
    public required double[] Recall { get; init; }

    [JsonPropertyName("f1")]
    public required double[] F1 { get; init; }

    [JsonPropertyName("iou")]
    public required double[] Iou { get; init; }

    [JsonPropertyName("confusion")]
    public required long[][] Confusion { get; init; }

    [JsonPropertyName("macroPrecision")]
    public required double MacroPrecision { get; init; }

    [JsonPropertyName("macroRecall")]
    public required double MacroRecall { get; init; }

    [JsonPropertyName("macroF1")]
    public required double MacroF1 { get; init; }

    [JsonPropertyName("macroIou")]
    public required double MacroIou { get; init; }

    /// <summary>Labelled pixels counted (unlabelled ones are left out).</summary>
    [JsonPropertyName("count")]
    public required long Count { get; init; }

    /// <summary>A metric by name, as sweep objectives refer to them.</summary>
    public double Get(string name) => name.ToLowerInvariant() switch
    {
        "accuracy" => Accuracy,
        "kappa" => Kappa,
        "macroprecision" or "precision" => MacroPrecision,
        "macrorecall" or "recall" => MacroRecall,
        "macrof1" or "f1" => MacroF1,
        "macroiou" or "iou" or "miou" => MacroIou,
        _ => throw new ArgumentException($"unknown metric '{name}' (known: accuracy, kappa, macroPrecision, macroRecall, macroF1, macroIou)", nameof(name)),
    };
}
