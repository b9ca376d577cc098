using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MlOps.Functions.Telemetry;

/// <summary>
/// The host's OpenTelemetry SDK: a tracer provider over the system's span sources and ASP.NET
/// Core's requests, and a meter provider over the app's, the engine's, ASP.NET Core's and the
/// runtime's instruments, read by the Prometheus endpoint and, when an OTLP endpoint is
/// configured, pushed there too. Built with the host and disposed with it (which flushes).
/// </summary>
public sealed class TelemetryProviders : IDisposable
{
    public const string DefaultServiceName = "mlops-functions";

    /// <summary>Meters on the Prometheus endpoint and in OTLP export.</summary>
    public static readonly IReadOnlyList<string> MeterNames =
        [MlOpsMetrics.MeterName, MlOps.Durable.DurableTelemetry.SourceName, "Microsoft.AspNetCore.Hosting", "System.Runtime"];

    private readonly TracerProvider tracing;
    private readonly MeterProvider metrics;

    public TelemetryProviders(IConfiguration configuration, IOptions<TelemetryOptions> options, IMeterFactory hostMeters, PrometheusScraper scraper)
    {
        var exportOtlp = IsOtlpConfigured(configuration);
        var tracingBuilder = Sdk.CreateTracerProviderBuilder()
            .ConfigureServices(services => services.AddSingleton(configuration))
            .ConfigureResource(resource => Describe(resource, configuration))
            .AddSource([.. FunctionsTelemetry.SourceNames, "Microsoft.AspNetCore"]);
        if (exportOtlp)
        {
            tracingBuilder.AddOtlpExporter();
        }
        options.Value.ConfigureTracing?.Invoke(tracingBuilder);
        tracing = tracingBuilder.Build();

        var metricsBuilder = Sdk.CreateMeterProviderBuilder()
            .ConfigureServices(services => services.AddSingleton(configuration))
            .ConfigureResource(resource => Describe(resource, configuration))
            .AddMeter([.. MeterNames])
            // Meters are made per host by the host's factory: another host in the same process (tests) is not this one's to report.
            .AddView(instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, hostMeters) ? null : MetricStreamConfiguration.Drop)
            .AddReader(scraper.Reader);
        if (exportOtlp)
        {
            metricsBuilder.AddOtlpExporter();
        }
        options.Value.ConfigureMetrics?.Invoke(metricsBuilder);
        metrics = metricsBuilder.Build();
    }

    /// <summary>Whether OTLP export is on: OTEL_EXPORTER_OTLP_ENDPOINT is set (environment or local.settings.json).</summary>
    public static bool IsOtlpConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    internal static void Describe(ResourceBuilder resource, IConfiguration configuration)
    {
        var version = typeof(TelemetryProviders).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // OTEL_SERVICE_NAME, when set, is applied by the SDK's own detector.
        if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
        {
            resource.AddService(DefaultServiceName, serviceVersion: version, serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}");
        }
    }

    public void Dispose()
    {
        tracing.Dispose();
        metrics.Dispose();
    }
}
