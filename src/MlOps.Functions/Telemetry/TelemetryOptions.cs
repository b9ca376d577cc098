using MlOps.Functions.Runtime;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MlOps.Functions.Telemetry;

/// <summary>
/// Settings under <c>MlOps:Telemetry</c>. Export goes by the standard OpenTelemetry variables
/// (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_EXPORTER_OTLP_HEADERS,
/// OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES), read from the environment or
/// local.settings.json; without an endpoint nothing leaves the process.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "MlOps:Telemetry";

    /// <summary>Where the Prometheus text endpoint is; empty turns it off.</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// Who may scrape: <see cref="AuthorizationLevel.Function"/> (default: a function key or the
    /// master key, as header x-functions-key or ?code=), <see cref="AuthorizationLevel.Admin"/>,
    /// or <see cref="AuthorizationLevel.Anonymous"/> when only a private network reaches the host.
    /// </summary>
    public AuthorizationLevel MetricsAuthLevel { get; set; } = AuthorizationLevel.Function;

    /// <summary>Further tracing setup in code, applied last (for example an extra exporter).</summary>
    public Action<TracerProviderBuilder>? ConfigureTracing { get; set; }

    /// <summary>Further metrics setup in code, applied last.</summary>
    public Action<MeterProviderBuilder>? ConfigureMetrics { get; set; }
}
