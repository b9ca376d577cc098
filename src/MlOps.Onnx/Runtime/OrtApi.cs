using System.Runtime.InteropServices;

namespace MlOps.Onnx.Runtime;

/// <summary>
/// The ONNX Runtime C API function table (OrtApi) as unmanaged function pointers. The table is
/// append-only across releases; the slot numbers below are the members' positions in the C
/// header's struct OrtApi.
/// </summary>
internal sealed unsafe class OrtApi
{
    /// <summary>The API version of ONNX Runtime 1.30; older libraries are asked for lower versions.</summary>
    public const uint PreferredVersion = 30;

    /// <summary>The oldest API version holding every function used here (CUDA provider options V2).</summary>
    public const uint MinimumVersion = 13;

    public readonly delegate* unmanaged<nint, OrtErrorCode> GetErrorCode;
    public readonly delegate* unmanaged<nint, byte*> GetErrorMessage;
    public readonly delegate* unmanaged<int, byte*, nint*, nint> CreateEnv;
    public readonly delegate* unmanaged<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray;
    public readonly delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run;
    public readonly delegate* unmanaged<nint*, nint> CreateSessionOptions;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionExecutionMode;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads;
    public readonly delegate* unmanaged<nint, int, nint> SetInterOpNumThreads;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName;
    public readonly delegate* unmanaged<nint*, nint> CreateRunOptions;
    public readonly delegate* unmanaged<nint, nint> RunOptionsSetTerminate;
    public readonly delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged<nint, void**, nint> GetTensorMutableData;
    public readonly delegate* unmanaged<nint, int*, nint> GetTensorElementType;
    public readonly delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount;
    public readonly delegate* unmanaged<nint, long*, nuint, nint> GetDimensions;
    public readonly delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape;
    public readonly delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged<nint, void*, nint> AllocatorFree;
    public readonly delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseEnv;
    public readonly delegate* unmanaged<nint, void> ReleaseStatus;
    public readonly delegate* unmanaged<nint, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseSession;
    public readonly delegate* unmanaged<nint, void> ReleaseValue;
    public readonly delegate* unmanaged<nint, void> ReleaseRunOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged<nint, nint*, nint> SessionGetModelMetadata;
    public readonly delegate* unmanaged<nint, nint, byte*, byte**, nint> ModelMetadataLookupCustomMetadataMap;
    public readonly delegate* unmanaged<nint, void> ReleaseModelMetadata;
    public readonly delegate* unmanaged<nint, nint, byte***, long*, nint> ModelMetadataGetCustomMetadataMapKeys;
    public readonly delegate* unmanaged<byte***, int*, nint> GetAvailableProviders;
    public readonly delegate* unmanaged<byte**, int, nint> ReleaseAvailableProviders;
    public readonly delegate* unmanaged<nint, nint, nint> SessionOptionsAppendExecutionProvider_CUDA_V2;
    public readonly delegate* unmanaged<nint*, nint> CreateCUDAProviderOptions;
    public readonly delegate* unmanaged<nint, byte**, byte**, nuint, nint> UpdateCUDAProviderOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseCUDAProviderOptions;

    public OrtApi(nint* table, uint version, string libraryVersion)
    {
        Version = version;
        LibraryVersion = libraryVersion;
        GetErrorCode = (delegate* unmanaged<nint, OrtErrorCode>)table[1];
        GetErrorMessage = (delegate* unmanaged<nint, byte*>)table[2];
        CreateEnv = (delegate* unmanaged<int, byte*, nint*, nint>)table[3];
        CreateSessionFromArray = (delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)table[8];
        Run = (delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)table[9];
        CreateSessionOptions = (delegate* unmanaged<nint*, nint>)table[10];
        SetSessionExecutionMode = (delegate* unmanaged<nint, int, nint>)table[13];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<nint, int, nint>)table[23];
        SetIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)table[24];
        SetInterOpNumThreads = (delegate* unmanaged<nint, int, nint>)table[25];
        SessionGetInputCount = (delegate* unmanaged<nint, nuint*, nint>)table[30];
        SessionGetOutputCount = (delegate* unmanaged<nint, nuint*, nint>)table[31];
        SessionGetInputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)table[36];
        SessionGetOutputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)table[37];
        CreateRunOptions = (delegate* unmanaged<nint*, nint>)table[39];
        RunOptionsSetTerminate = (delegate* unmanaged<nint, nint>)table[46];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)table[49];
        GetTensorMutableData = (delegate* unmanaged<nint, void**, nint>)table[51];
        GetTensorElementType = (delegate* unmanaged<nint, int*, nint>)table[60];
        GetDimensionsCount = (delegate* unmanaged<nint, nuint*, nint>)table[61];
        GetDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)table[62];
        GetTensorTypeAndShape = (delegate* unmanaged<nint, nint*, nint>)table[65];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, nint*, nint>)table[69];
        AllocatorFree = (delegate* unmanaged<nint, void*, nint>)table[76];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<nint*, nint>)table[78];
        ReleaseEnv = (delegate* unmanaged<nint, void>)table[92];
        ReleaseStatus = (delegate* unmanaged<nint, void>)table[93];
        ReleaseMemoryInfo = (delegate* unmanaged<nint, void>)table[94];
        ReleaseSession = (delegate* unmanaged<nint, void>)table[95];
        ReleaseValue = (delegate* unmanaged<nint, void>)table[96];
        ReleaseRunOptions = (delegate* unmanaged<nint, void>)table[97];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<nint, void>)table[99];
        ReleaseSessionOptions = (delegate* unmanaged<nint, void>)table[100];
        SessionGetModelMetadata = (delegate* unmanaged<nint, nint*, nint>)table[111];
        ModelMetadataLookupCustomMetadataMap = (delegate* unmanaged<nint, nint, byte*, byte**, nint>)table[116];
        ReleaseModelMetadata = (delegate* unmanaged<nint, void>)table[118];
        ModelMetadataGetCustomMetadataMapKeys = (delegate* unmanaged<nint, nint, byte***, long*, nint>)table[123];
        GetAvailableProviders = (delegate* unmanaged<byte***, int*, nint>)table[125];
        ReleaseAvailableProviders = (delegate* unmanaged<byte**, int, nint>)table[126];
        SessionOptionsAppendExecutionProvider_CUDA_V2 = (delegate* unmanaged<nint, nint, nint>)table[204];
        CreateCUDAProviderOptions = (delegate* unmanaged<nint*, nint>)table[205];
        UpdateCUDAProviderOptions = (delegate* unmanaged<nint, byte**, byte**, nuint, nint>)table[206];
        ReleaseCUDAProviderOptions = (delegate* unmanaged<nint, void>)table[208];
    }

    public uint Version { get; }

    public string LibraryVersion { get; }

    /// <summary>Throws the status's message as an <see cref="OnnxRuntimeException"/> (and frees it) unless it is null (success).</summary>
    public void Check(nint status, string operation)
    {
        if (status == 0)
        {
            return;
        }
        var code = GetErrorCode(status);
        var message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? "unknown error";
        ReleaseStatus(status);
        throw new OnnxRuntimeException($"ONNX Runtime: {operation} failed: {message}", code);
    }

    /// <summary>The status's message (freeing it), or null on success.</summary>
    public string? MessageOf(nint status)
    {
        if (status == 0)
        {
            return null;
        }
        var message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? "unknown error";
        ReleaseStatus(status);
        return message;
    }
}
