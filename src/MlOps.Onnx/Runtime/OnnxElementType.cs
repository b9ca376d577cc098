namespace MlOps.Onnx.Runtime;

/// <summary>Element types the binding exchanges with ONNX Runtime (ONNX TensorProto numbering).</summary>
public enum OnnxElementType
{
    Float = 1,
    Int64 = 7,
}
