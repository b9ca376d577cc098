namespace MlOps.Functions.Inference;

/// <summary>A registered model version that could not be loaded for serving (download failed, or ONNX Runtime refused the model).</summary>
public sealed class ModelLoadException(string model, int version, string reason, Exception? inner = null)
    : Exception($"Version {version} of '{model}' cannot be loaded for serving: {reason}", inner)
{
    public string Model { get; } = model;

    public int Version { get; } = version;
}
