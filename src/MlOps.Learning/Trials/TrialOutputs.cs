using System.Text.Json.Serialization;

namespace MlOps.Learning.Trials;

/// <summary>The file names of the trial job contract's outputs, under the spec's output prefix.</summary>
public static class TrialOutputs
{
    public const string Spec = "spec.json";

    /// <summary>One <see cref="TrialMetricsLine"/> per step, rewritten as steps arrive so early stopping can read it while the trial runs.</summary>
    public const string Intermediate = "metrics.jsonl";

    /// <summary>The final <see cref="TrialFinalMetrics"/>; its presence means the trial finished.</summary>
    public const string Final = "metrics.json";

    public const string Model = "model.onnx";
}

/// <summary>One line of metrics.jsonl: the validation metrics after a training step.</summary>
public sealed record TrialMetricsLine(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("kappa")] double Kappa,
    [property: JsonPropertyName("loss")] double? Loss,
    [property: JsonPropertyName("seconds")] double Seconds);

/// <summary>metrics.json: the trained model's validation metrics and how it was made.</summary>
public sealed record TrialFinalMetrics(
    [property: JsonPropertyName("trialId")] string TrialId,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, string> Parameters,
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("kappa")] double Kappa,
    [property: JsonPropertyName("metrics")] System.Text.Json.Nodes.JsonObject Metrics,
    [property: JsonPropertyName("curve")] IReadOnlyList<TrialMetricsLine> Curve,
    [property: JsonPropertyName("trainingRows")] int TrainingRows,
    [property: JsonPropertyName("validationRows")] int ValidationRows,
    [property: JsonPropertyName("trainSeconds")] double TrainSeconds,
    [property: JsonPropertyName("modelSha256")] string ModelSha256,
    [property: JsonPropertyName("dataYears")] IReadOnlyList<TrialDataYear> DataYears,
    [property: JsonPropertyName("trace"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TrialTrace? Trace = null);

/// <summary>
/// The trial process's own span (W3C ids, lower-case hex): the trace it joined through
/// TRACEPARENT and its span in it, so the run's trace can be followed into the process.
/// </summary>
public sealed record TrialTrace(
    [property: JsonPropertyName("traceId")] string TraceId,
    [property: JsonPropertyName("spanId")] string SpanId,
    [property: JsonPropertyName("parentSpanId")] string? ParentSpanId);

/// <summary>A survey year a trial trained on, with the manifest version and file checksums (lineage).</summary>
public sealed record TrialDataYear(
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("manifestETag")] string ManifestETag,
    [property: JsonPropertyName("files")] IReadOnlyDictionary<string, string> FileSha256);
