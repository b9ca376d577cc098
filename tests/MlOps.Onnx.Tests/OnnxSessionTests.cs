using Microsoft.Extensions.Logging;
using MlOps.Learning.Data;
using MlOps.Learning.Training;
using MlOps.Onnx.Export;
using MlOps.Onnx.Runtime;
using MlOps.Testing;

namespace MlOps.Onnx.Tests;

public sealed class OnnxSessionTests
{
    private static readonly Lazy<byte[]> SmallModel = new(() =>
        OnnxExporter.Export(TrainerRegistry.Create("svm", new Dictionary<string, string> { ["epochs"] = "3" }).Train(SyntheticSeabed.Generate(500, 1))));

    [Fact]
    public void Loads_onnx_runtime_1_30_from_the_project_tools()
    {
        var runtime = OnnxRuntime.Load();
        Assert.Equal("1.30.0", runtime.Version);
        Assert.Equal(30u, runtime.ApiVersion);
        Assert.Contains("CPUExecutionProvider", runtime.AvailableProviders);
        Assert.EndsWith(Path.Combine("onnxruntime-node", "bin", "napi-v6", "linux", "x64", "libonnxruntime.so.1"), runtime.LibraryPath);
    }

    [Fact]
    public void Runtime_errors_carry_onnx_runtimes_message()
    {
        var garbage = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Create([1, 2, 3, 4, 5]));
        Assert.Contains("loading the model failed", garbage.Message);
        Assert.NotEqual(OrtErrorCode.Ok, garbage.ErrorCode);

        using var session = OnnxSession.Create(SmallModel.Value);
        // Wrong column count: ONNX Runtime rejects the input shape and says why.
        var shape = Assert.Throws<OnnxRuntimeException>(() => session.Run(new float[10], 2, 5));
        Assert.Contains("running the model failed", shape.Message);
        Assert.Contains("features", shape.Message);
        Assert.Equal(OrtErrorCode.InvalidArgument, shape.ErrorCode);

        var name = Assert.Throws<OnnxRuntimeException>(() => session.Run(
            new Dictionary<string, OnnxTensor> { ["pixels"] = OnnxTensor.FromFloats(new float[6], 1, 6) }));
        Assert.Contains("no 'pixels'", name.Message);
    }

    [Fact]
    public void Named_inputs_and_outputs_with_float_and_int64_tensors()
    {
        using var session = OnnxSession.Create(SmallModel.Value);
        Assert.Equal(["features"], session.InputNames);
        Assert.Equal(["label", "probabilities"], session.OutputNames);
        var data = SyntheticSeabed.Generate(10, 2);
        var outputs = session.Run(new Dictionary<string, OnnxTensor> { ["features"] = OnnxTensor.FromFloats(data.Features, 10, 6) }, ["probabilities", "label"]);
        Assert.Equal(OnnxElementType.Float, outputs["probabilities"].ElementType);
        Assert.Equal([10L, 5L], outputs["probabilities"].Shape);
        Assert.Equal(OnnxElementType.Int64, outputs["label"].ElementType);
        Assert.Equal([10L], outputs["label"].Shape);
        Assert.Equal(session.Run(data.Features, 10, 6).Labels, outputs["label"].Int64s);
    }

    [Fact]
    public void Cuda_request_falls_back_to_cpu_with_one_log_line()
    {
        var logger = new ListLogger();
        using var session = OnnxSession.Create(SmallModel.Value, new OnnxSessionOptions { UseCuda = true, Logger = logger });
        Assert.Equal("CPUExecutionProvider", session.ExecutionProvider);
        var line = Assert.Single(logger.Lines);
        Assert.Contains("CUDA execution provider unavailable", line);
        Assert.Contains("running on CPU", line);
        var data = SyntheticSeabed.Generate(10, 2);
        Assert.Equal(10, session.Run(data.Features, 10, 6).Labels.Length);
    }

    [Fact]
    public void Missing_library_is_a_clear_error()
    {
        var error = Assert.Throws<OnnxRuntimeException>(() =>
            OnnxSession.Create(SmallModel.Value, new OnnxSessionOptions { LibraryPath = "/nonexistent/libonnxruntime.so.1" }));
        Assert.Contains("not found at /nonexistent/libonnxruntime.so.1", error.Message);
        Assert.Equal(OrtErrorCode.NoSuchFile, error.ErrorCode);
    }

    [Fact]
    public void Dispose_is_idempotent_and_opening_a_file_works()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("model.onnx");
        File.WriteAllBytes(path, SmallModel.Value);
        var session = OnnxSession.Open(path);
        session.Dispose();
        session.Dispose();
        Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Open(directory.File("absent.onnx")));
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
