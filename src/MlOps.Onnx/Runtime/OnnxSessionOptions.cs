using Microsoft.Extensions.Logging;

namespace MlOps.Onnx.Runtime;

/// <summary>How an <see cref="OnnxSession"/> runs.</summary>
public sealed record OnnxSessionOptions
{
    /// <summary>Threads inside one operator (0 = ONNX Runtime's default: all cores).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads across independent operators (0 = default).</summary>
    public int InterOpThreads { get; init; }

    /// <summary>Ask for the CUDA execution provider; when it cannot be had the session runs on CPU and says so once.</summary>
    public bool UseCuda { get; init; }

    public int CudaDeviceId { get; init; }

    /// <summary>The native library to load (default: <see cref="OnnxRuntime.DefaultLibraryPath"/>).</summary>
    public string? LibraryPath { get; init; }

    /// <summary>Where the CPU fallback line goes (default: standard error).</summary>
    public ILogger? Logger { get; init; }
}
