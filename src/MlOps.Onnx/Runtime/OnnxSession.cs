using System.Runtime.InteropServices;
using MlOps.Learning.Models;
using MlOps.Onnx.Export;
using Microsoft.Extensions.Logging;

namespace MlOps.Onnx.Runtime;

/// <summary>
/// An ONNX Runtime inference session over one model. Safe for concurrent <see cref="Run"/>
/// calls. Disposing it releases the native session and everything it owns.
/// </summary>
public sealed unsafe class OnnxSession : IDisposable
{
    private readonly OnnxRuntime runtime;
    private readonly OrtApi api;
    private readonly OrtSafeHandle session;
    private readonly OrtSafeHandle memoryInfo;
    private readonly nint[] inputNamePointers;
    private readonly nint[] outputNamePointers;
    private int disposed;

    private OnnxSession(OnnxRuntime runtime, OrtSafeHandle session, OrtSafeHandle memoryInfo, string executionProvider)
    {
        this.runtime = runtime;
        api = runtime.Api;
        this.session = session;
        this.memoryInfo = memoryInfo;
        ExecutionProvider = executionProvider;
        InputNames = ReadNames(api.SessionGetInputCount, api.SessionGetInputName);
        OutputNames = ReadNames(api.SessionGetOutputCount, api.SessionGetOutputName);
        inputNamePointers = InputNames.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        outputNamePointers = OutputNames.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        Metadata = ReadMetadata();
    }

    public IReadOnlyList<string> InputNames { get; }

    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>The model's metadata_props (its model card summary).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>CUDAExecutionProvider or CPUExecutionProvider.</summary>
    public string ExecutionProvider { get; }

    public OnnxRuntime Runtime => runtime;

    public static OnnxSession Open(string path, OnnxSessionOptions? options = null)
    {
        byte[] model;
        try
        {
            model = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new OnnxRuntimeException($"model file {path} not found.", OrtErrorCode.NoSuchFile, e);
        }
        return Create(model, options);
    }

    public static OnnxSession Create(byte[] model, OnnxSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxSessionOptions();
        var runtime = OnnxRuntime.Load(options.LibraryPath);
        var api = runtime.Api;
        nint info;
        api.Check(api.CreateCpuMemoryInfo(1 /* arena allocator */, 0 /* default memory */, &info), "describing CPU memory");
        var memoryInfo = new OrtSafeHandle(info, api.ReleaseMemoryInfo);
        try
        {
            if (options.UseCuda)
            {
                var reason = runtime.AvailableProviders.Contains("CUDAExecutionProvider")
                    ? null
                    : $"this ONNX Runtime {runtime.Version} build has no CUDA execution provider";
                if (reason is null)
                {
                    try
                    {
                        return new OnnxSession(runtime, CreateSession(runtime, model, options, cuda: true), memoryInfo, "CUDAExecutionProvider");
                    }
                    catch (OnnxRuntimeException e)
                    {
                        reason = e.Message;
                    }
                }
                var line = $"ONNX Runtime: CUDA execution provider unavailable ({reason}); running on CPU.";
                if (options.Logger is { } logger)
                {
                    logger.LogWarning("{Message}", line);
                }
                else
                {
                    Console.Error.WriteLine(line);
                }
            }
            return new OnnxSession(runtime, CreateSession(runtime, model, options, cuda: false), memoryInfo, "CPUExecutionProvider");
        }
        catch
        {
            memoryInfo.Dispose();
            throw;
        }
    }

    private static OrtSafeHandle CreateSession(OnnxRuntime runtime, byte[] model, OnnxSessionOptions options, bool cuda)
    {
        var api = runtime.Api;
        nint rawOptions;
        api.Check(api.CreateSessionOptions(&rawOptions), "creating session options");
        using var sessionOptions = new OrtSafeHandle(rawOptions, api.ReleaseSessionOptions);
        api.Check(api.SetIntraOpNumThreads(rawOptions, Math.Max(0, options.IntraOpThreads)), "setting intra-op threads");
        api.Check(api.SetInterOpNumThreads(rawOptions, Math.Max(0, options.InterOpThreads)), "setting inter-op threads");
        api.Check(api.SetSessionGraphOptimizationLevel(rawOptions, 99 /* all */), "setting the optimization level");
        if (cuda)
        {
            nint cudaOptions;
            api.Check(api.CreateCUDAProviderOptions(&cudaOptions), "creating CUDA provider options");
            try
            {
                var key = Marshal.StringToCoTaskMemUTF8("device_id");
                var value = Marshal.StringToCoTaskMemUTF8(options.CudaDeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                try
                {
                    var keys = (byte*)key;
                    var values = (byte*)value;
                    api.Check(api.UpdateCUDAProviderOptions(cudaOptions, &keys, &values, 1), "setting the CUDA device");
                }
                finally
                {
                    Marshal.FreeCoTaskMem(key);
                    Marshal.FreeCoTaskMem(value);
                }
                api.Check(api.SessionOptionsAppendExecutionProvider_CUDA_V2(rawOptions, cudaOptions), "adding the CUDA execution provider");
            }
            finally
            {
                api.ReleaseCUDAProviderOptions(cudaOptions);
            }
        }
        nint handle;
        fixed (byte* data = model)
        {
            api.Check(api.CreateSessionFromArray(runtime.Env, data, (nuint)model.Length, rawOptions, &handle), "loading the model");
        }
        return new OrtSafeHandle(handle, api.ReleaseSession);
    }

    /// <summary>
    /// Runs an exported classifier on row-major raw inputs [rows, columns]: returns the
    /// <c>label</c> and <c>probabilities</c> outputs.
    /// </summary>
    public Prediction Run(ReadOnlySpan<float> features, int rows, int columns)
    {
        if (features.Length != (long)rows * columns)
        {
            throw new ArgumentException($"expected {rows}×{columns} values, got {features.Length}.", nameof(features));
        }
        var labelIndex = IndexOf(OutputNames, OnnxExporter.LabelName);
        var probabilityIndex = IndexOf(OutputNames, OnnxExporter.ProbabilitiesName);
        var inputIndex = IndexOf(InputNames, OnnxExporter.InputName);
        var added = false;
        session.DangerousAddRef(ref added);
        try
        {
            fixed (float* data = features)
            {
                var shape = stackalloc long[] { rows, columns };
                nint input;
                api.Check(api.CreateTensorWithDataAsOrtValue(memoryInfo.DangerousGetHandle(), data, (nuint)(features.Length * sizeof(float)),
                    shape, 2, (int)OnnxElementType.Float, &input), "creating the input tensor");
                using var inputValue = new OrtSafeHandle(input, api.ReleaseValue);
                var inputNames = stackalloc nint[] { inputNamePointers[inputIndex] };
                var outputNames = stackalloc nint[] { outputNamePointers[labelIndex], outputNamePointers[probabilityIndex] };
                var outputs = stackalloc nint[2];
                outputs[0] = 0;
                outputs[1] = 0;
                api.Check(api.Run(session.DangerousGetHandle(), 0, inputNames, &input, 1, outputNames, 2, outputs), "running the model");
                using var labels = new OrtSafeHandle(outputs[0], api.ReleaseValue);
                using var probabilities = new OrtSafeHandle(outputs[1], api.ReleaseValue);
                var labelTensor = Read(outputs[0], OnnxExporter.LabelName);
                var probabilityTensor = Read(outputs[1], OnnxExporter.ProbabilitiesName);
                if (labelTensor.Data.Length != rows || probabilityTensor.Data.Length != rows * Classifier.ClassCount)
                {
                    throw new OnnxRuntimeException(
                        $"the model gave {labelTensor.Data.Length} labels and {probabilityTensor.Data.Length} probabilities for {rows} rows; expected {rows} and {rows * Classifier.ClassCount}.",
                        OrtErrorCode.InvalidGraph);
                }
                return new Prediction(labelTensor.Int64s, probabilityTensor.Floats);
            }
        }
        finally
        {
            if (added)
            {
                session.DangerousRelease();
            }
        }
    }

    /// <summary>Runs the model on named inputs and returns the requested outputs (all when null).</summary>
    public IReadOnlyDictionary<string, OnnxTensor> Run(IReadOnlyDictionary<string, OnnxTensor> inputs, IReadOnlyList<string>? outputNames = null,
        CancellationToken cancellationToken = default)
    {
        outputNames ??= OutputNames;
        var inputOrder = inputs.Keys.ToArray();
        var pins = new GCHandle[inputOrder.Length];
        var values = new nint[inputOrder.Length];
        var outputs = new nint[outputNames.Count];
        var added = false;
        nint runOptions = 0;
        session.DangerousAddRef(ref added);
        try
        {
            var inputNames = new nint[inputOrder.Length];
            for (var i = 0; i < inputOrder.Length; i++)
            {
                inputNames[i] = inputNamePointers[IndexOf(InputNames, inputOrder[i])];
                var tensor = inputs[inputOrder[i]];
                pins[i] = GCHandle.Alloc(tensor.Data, GCHandleType.Pinned);
                var elementSize = tensor.ElementType == OnnxElementType.Float ? sizeof(float) : sizeof(long);
                fixed (long* shape = tensor.Shape)
                fixed (nint* value = &values[i])
                {
                    api.Check(api.CreateTensorWithDataAsOrtValue(memoryInfo.DangerousGetHandle(), (void*)pins[i].AddrOfPinnedObject(),
                        (nuint)(tensor.Data.Length * elementSize), shape, (nuint)tensor.Shape.Length, (int)tensor.ElementType, value),
                        $"creating input tensor '{inputOrder[i]}'");
                }
            }
            var outputNamePtrs = outputNames.Select(n => outputNamePointers[IndexOf(OutputNames, n)]).ToArray();
            if (cancellationToken.CanBeCanceled)
            {
                api.Check(api.CreateRunOptions(&runOptions), "creating run options");
            }
            var options = runOptions;
            using var registration = cancellationToken.Register(() => api.MessageOf(api.RunOptionsSetTerminate(options)));
            fixed (nint* inNames = inputNames)
            fixed (nint* inValues = values)
            fixed (nint* outNames = outputNamePtrs)
            fixed (nint* outValues = outputs)
            {
                var status = api.Run(session.DangerousGetHandle(), runOptions, inNames, inValues, (nuint)values.Length, outNames, (nuint)outputs.Length, outValues);
                if (status != 0 && cancellationToken.IsCancellationRequested)
                {
                    api.MessageOf(status);
                    cancellationToken.ThrowIfCancellationRequested();
                }
                api.Check(status, "running the model");
            }
            var result = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
            for (var i = 0; i < outputs.Length; i++)
            {
                result[outputNames[i]] = Read(outputs[i], outputNames[i]);
            }
            return result;
        }
        finally
        {
            foreach (var value in values.Concat(outputs))
            {
                if (value != 0)
                {
                    api.ReleaseValue(value);
                }
            }
            foreach (var pin in pins)
            {
                if (pin.IsAllocated)
                {
                    pin.Free();
                }
            }
            if (runOptions != 0)
            {
                api.ReleaseRunOptions(runOptions);
            }
            if (added)
            {
                session.DangerousRelease();
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }
        session.Dispose();
        memoryInfo.Dispose();
        foreach (var pointer in inputNamePointers.Concat(outputNamePointers))
        {
            Marshal.FreeCoTaskMem(pointer);
        }
    }

    private OnnxTensor Read(nint value, string name)
    {
        nint info;
        api.Check(api.GetTensorTypeAndShape(value, &info), $"reading output '{name}'");
        try
        {
            int type;
            nuint rank;
            api.Check(api.GetTensorElementType(info, &type), $"reading output '{name}' type");
            api.Check(api.GetDimensionsCount(info, &rank), $"reading output '{name}' rank");
            var shape = new long[(int)rank];
            fixed (long* dims = shape)
            {
                api.Check(api.GetDimensions(info, dims, rank), $"reading output '{name}' shape");
            }
            var count = shape.Aggregate(1L, (a, b) => a * b);
            void* data;
            api.Check(api.GetTensorMutableData(value, &data), $"reading output '{name}' data");
            switch ((OnnxElementType)type)
            {
                case OnnxElementType.Float:
                    var floats = new float[count];
                    new ReadOnlySpan<float>(data, (int)count).CopyTo(floats);
                    return OnnxTensor.FromFloats(floats, shape);
                case OnnxElementType.Int64:
                    var longs = new long[count];
                    new ReadOnlySpan<long>(data, (int)count).CopyTo(longs);
                    return OnnxTensor.FromInt64s(longs, shape);
                default:
                    throw new OnnxRuntimeException($"output '{name}' has element type {type}; only float32 and int64 are supported.", OrtErrorCode.NotImplemented);
            }
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }
    }

    private string[] ReadNames(delegate* unmanaged<nint, nuint*, nint> count, delegate* unmanaged<nint, nuint, nint, byte**, nint> name)
    {
        nint allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator), "getting the default allocator");
        nuint n;
        var handle = session.DangerousGetHandle();
        api.Check(count(handle, &n), "counting model inputs/outputs");
        var names = new string[(int)n];
        for (nuint i = 0; i < n; i++)
        {
            byte* text;
            api.Check(name(handle, i, allocator, &text), "reading an input/output name");
            names[(int)i] = Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
            api.Check(api.AllocatorFree(allocator, text), "freeing a name");
        }
        return names;
    }

    private Dictionary<string, string> ReadMetadata()
    {
        nint allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator), "getting the default allocator");
        nint metadata;
        api.Check(api.SessionGetModelMetadata(session.DangerousGetHandle(), &metadata), "reading model metadata");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            byte** keys;
            long count;
            api.Check(api.ModelMetadataGetCustomMetadataMapKeys(metadata, allocator, &keys, &count), "listing metadata keys");
            if (keys == null)
            {
                return result;
            }
            for (var i = 0; i < count; i++)
            {
                var key = Marshal.PtrToStringUTF8((nint)keys[i]) ?? string.Empty;
                byte* value;
                api.Check(api.ModelMetadataLookupCustomMetadataMap(metadata, allocator, keys[i], &value), $"reading metadata '{key}'");
                if (value != null)
                {
                    result[key] = Marshal.PtrToStringUTF8((nint)value) ?? string.Empty;
                    api.Check(api.AllocatorFree(allocator, value), "freeing a metadata value");
                }
                api.Check(api.AllocatorFree(allocator, keys[i]), "freeing a metadata key");
            }
            api.Check(api.AllocatorFree(allocator, keys), "freeing the metadata key list");
        }
        finally
        {
            api.ReleaseModelMetadata(metadata);
        }
        return result;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }
        throw new OnnxRuntimeException($"the model has no '{name}' (it has: {string.Join(", ", names)}).", OrtErrorCode.InvalidArgument);
    }
}
