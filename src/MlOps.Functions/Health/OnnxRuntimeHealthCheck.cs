using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlOps.Onnx.Runtime;

namespace MlOps.Functions.Health;

/// <summary>Ready when the ONNX Runtime native library loads (the inference function and evaluation need it).</summary>
public sealed class OnnxRuntimeHealthCheck : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var runtime = OnnxRuntime.Load();
            return Task.FromResult(HealthCheckResult.Healthy($"ONNX Runtime {runtime.Version}"));
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or FileNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the ONNX Runtime library did not load", e));
        }
    }
}
