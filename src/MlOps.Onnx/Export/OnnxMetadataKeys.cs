namespace MlOps.Onnx.Export;

/// <summary>Keys of the model card summary kept in an exported model's metadata_props.</summary>
public static class OnnxMetadataKeys
{
    public const string Kind = "mlops.kind";
    public const string Parameters = "mlops.parameters";
    public const string InputColumns = "mlops.input_columns";
    public const string ValidationMetrics = "mlops.validation_metrics";
    public const string TrainingRows = "mlops.training_rows";
    public const string ValidationRows = "mlops.validation_rows";
    public const string Steps = "mlops.steps";
    public const string Classes = "mlops.classes";
}
