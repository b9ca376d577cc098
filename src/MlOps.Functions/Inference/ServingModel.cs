using System.Text.Json;
using MlOps.Onnx.Export;
using MlOps.Onnx.Runtime;
using MlOps.Surveys.Features;

namespace MlOps.Functions.Inference;

/// <summary>One loaded model version: its ONNX Runtime session and the input columns it takes, in order.</summary>
public sealed class ServingModel : IDisposable
{
    internal ServingModel(string name, int version, OnnxSession session)
    {
        Name = name;
        Version = version;
        Session = session;
        InputColumns = session.Metadata.TryGetValue(OnnxMetadataKeys.InputColumns, out var json)
            && JsonSerializer.Deserialize<string[]>(json) is { Length: > 0 } columns
            ? columns
            : [.. FeatureColumns.Raw];
    }

    public string Name { get; }

    public int Version { get; }

    public OnnxSession Session { get; }

    public IReadOnlyList<string> InputColumns { get; }

    public void Dispose() => Session.Dispose();
}
