using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using MlOps.Storage.Configuration;

namespace MlOps.Onnx.Runtime;

/// <summary>
/// The ONNX Runtime native library, loaded once per process from the project's
/// onnxruntime-node package (or an explicit path, or the MLOPS_ONNXRUNTIME_LIBRARY
/// environment variable), with its C API table and one shared OrtEnv.
/// </summary>
public sealed unsafe class OnnxRuntime
{
    public const string LibraryVariable = "MLOPS_ONNXRUNTIME_LIBRARY";

    private static readonly ConcurrentDictionary<string, Lazy<OnnxRuntime>> Loaded = new(StringComparer.Ordinal);

    private readonly OrtSafeHandle env;

    private OnnxRuntime(string libraryPath, OrtApi api, OrtSafeHandle env, IReadOnlyList<string> providers)
    {
        LibraryPath = libraryPath;
        Api = api;
        this.env = env;
        AvailableProviders = providers;
    }

    public string LibraryPath { get; }

    /// <summary>The library's version string, e.g. 1.30.0.</summary>
    public string Version => Api.LibraryVersion;

    /// <summary>The C API version in use.</summary>
    public uint ApiVersion => Api.Version;

    /// <summary>Execution providers compiled into the library (CPUExecutionProvider, CUDAExecutionProvider…).</summary>
    public IReadOnlyList<string> AvailableProviders { get; }

    internal OrtApi Api { get; }

    internal nint Env => env.DangerousGetHandle();

    /// <summary>Loads (once) and returns the runtime at <paramref name="libraryPath"/> or the default location.</summary>
    public static OnnxRuntime Load(string? libraryPath = null)
    {
        var path = Path.GetFullPath(libraryPath ?? DefaultLibraryPath());
        var lazy = Loaded.GetOrAdd(path, p => new Lazy<OnnxRuntime>(() => LoadFrom(p), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Loaded.TryRemove(new KeyValuePair<string, Lazy<OnnxRuntime>>(path, lazy));
            throw;
        }
    }

    /// <summary>
    /// MLOPS_ONNXRUNTIME_LIBRARY when set, else the native library inside
    /// node_modules/onnxruntime-node under the project root for this OS and CPU.
    /// </summary>
    public static string DefaultLibraryPath(MlOpsPaths? paths = null)
    {
        var configured = Environment.GetEnvironmentVariable(LibraryVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        paths ??= MlOpsPaths.Discover();
        var cpu = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            var other => other.ToString().ToLowerInvariant(),
        };
        var (os, file) = OperatingSystem.IsWindows() ? ("win32", "onnxruntime.dll")
            : OperatingSystem.IsMacOS() ? ("darwin", "libonnxruntime.1.dylib")
            : ("linux", "libonnxruntime.so.1");
        return Path.Combine(paths.NodeModules, "onnxruntime-node", "bin", "napi-v6", os, cpu, file);
    }

    private static OnnxRuntime LoadFrom(string path)
    {
        if (!File.Exists(path))
        {
            throw new OnnxRuntimeException(
                $"ONNX Runtime library not found at {path}. Install the project's npm tools (./mlops installs them) or set {LibraryVariable}.",
                OrtErrorCode.NoSuchFile);
        }
        nint library;
        try
        {
            library = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new OnnxRuntimeException($"ONNX Runtime library at {path} could not be loaded: {e.Message}", OrtErrorCode.Fail, e);
        }
        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBase))
        {
            throw new OnnxRuntimeException($"{path} has no OrtGetApiBase export; it is not an ONNX Runtime library.");
        }
        var apiBase = ((delegate* unmanaged<nint*>)getApiBase)();
        var getApi = (delegate* unmanaged<uint, nint*>)apiBase[0];
        var getVersion = (delegate* unmanaged<byte*>)apiBase[1];
        var version = Marshal.PtrToStringUTF8((nint)getVersion()) ?? "unknown";
        nint* table = null;
        var apiVersion = OrtApi.PreferredVersion;
        for (; apiVersion >= OrtApi.MinimumVersion; apiVersion--)
        {
            table = getApi(apiVersion);
            if (table != null)
            {
                break;
            }
        }
        if (table == null)
        {
            throw new OnnxRuntimeException($"ONNX Runtime {version} at {path} is too old: it offers none of C API versions {OrtApi.MinimumVersion}–{OrtApi.PreferredVersion}.");
        }
        var api = new OrtApi(table, apiVersion, version);
        nint env;
        var logId = "mlops"u8;
        fixed (byte* id = logId)
        {
            // Severity ERROR: ONNX Runtime's own warnings stay quiet; ours are logged by the caller.
            api.Check(api.CreateEnv(3, id, &env), "creating the environment");
        }
        return new OnnxRuntime(path, api, new OrtSafeHandle(env, api.ReleaseEnv), ReadProviders(api));
    }

    private static string[] ReadProviders(OrtApi api)
    {
        byte** names;
        int count;
        api.Check(api.GetAvailableProviders(&names, &count), "listing execution providers");
        try
        {
            var result = new string[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? string.Empty;
            }
            return result;
        }
        finally
        {
            api.Check(api.ReleaseAvailableProviders(names, count), "releasing the provider list");
        }
    }
}
