using System.Diagnostics;
using MlOps.Learning.Trials;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MlOps.Trainer;

/// <summary>
/// The trial process's tracing: its <c>trial</c> span is a child of the span whose W3C context
/// arrives in TRACEPARENT (and TRACESTATE), and spans go to an OTLP collector when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set (OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS and
/// OTEL_SERVICE_NAME as the OpenTelemetry SDK reads them). Spans are recorded even without a
/// collector, so the ids written to metrics.json always name a real span.
/// </summary>
public sealed class TrainerTelemetry : IDisposable
{
    public const string SourceName = "MlOps.Trainer";
    public const string DefaultServiceName = "mlops-trainer";

    internal static readonly ActivitySource Source = new(SourceName, typeof(TrainerTelemetry).Assembly.GetName().Version?.ToString());

    private readonly TracerProvider tracing;

    private TrainerTelemetry(TracerProvider tracing) => this.tracing = tracing;

    public static TrainerTelemetry Start()
    {
        var builder = Sdk.CreateTracerProviderBuilder()
            .AddSource(SourceName)
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME")))
                {
                    resource.AddService(DefaultServiceName);
                }
            });
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            builder.AddOtlpExporter();
        }
        return new TrainerTelemetry(builder.Build());
    }

    /// <summary>Starts the trial's span under the caller's trace context (a new trace when there is none or it does not parse).</summary>
    public static Activity? StartTrial(string? traceParent, string? traceState)
    {
        var parent = traceParent is { Length: > 0 } && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context)
            ? context
            : default;
        return Source.StartActivity("trial", ActivityKind.Server, parent);
    }

    /// <summary>The ids metrics.json records, or null when no span was started.</summary>
    public static TrialTrace? Describe(Activity? span) =>
        span is null
            ? null
            : new TrialTrace(span.TraceId.ToHexString(), span.SpanId.ToHexString(), span.ParentSpanId == default ? null : span.ParentSpanId.ToHexString());

    /// <summary>Ends the spans and sends what is left to the collector before the process exits.</summary>
    public void Dispose() => tracing.Dispose();
}
