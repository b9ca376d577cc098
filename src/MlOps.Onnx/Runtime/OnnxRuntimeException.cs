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

/// <summary>ONNX Runtime's OrtErrorCode values.</summary>
public enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    EpFail = 11,
}
