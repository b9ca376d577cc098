namespace MlOps.Onnx.Runtime;

/// <summary>An error reported by ONNX Runtime (its message and OrtErrorCode), or a failure to load it.</summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(string message, OrtErrorCode errorCode = OrtErrorCode.Fail, Exception? inner = null)
        : base(message, inner)
    {
        ErrorCode = errorCode;
    }

    public OrtErrorCode ErrorCode { get; }
}
