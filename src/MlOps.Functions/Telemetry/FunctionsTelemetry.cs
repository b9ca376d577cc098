using System.Diagnostics;

namespace MlOps.Functions.Telemetry;

/// <summary>
/// The app's span source (<see cref="SourceName"/>): one span per function invocation, named
/// after the function, with the OpenTelemetry FaaS attributes; a child of the incoming request
/// for HTTP and Event Grid triggers, a new trace for timers.
/// </summary>
public static class FunctionsTelemetry
{
    public const string SourceName = "MlOps.Functions";

    /// <summary>Every span source of the system, for a tracer provider: the app, the engine, the jobs, the trial process.</summary>
    public static readonly IReadOnlyList<string> SourceNames = [SourceName, MlOps.Durable.DurableTelemetry.SourceName, MlOps.Jobs.JobTelemetry.SourceName, "MlOps.Trainer"];

    public static readonly ActivitySource Source = new(SourceName, typeof(FunctionsTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Starts the span of one invocation; <paramref name="trigger"/> is "http", "pubsub" (Event Grid) or "timer".</summary>
    public static Activity? StartFunction(string name, string trigger)
    {
        var span = Source.StartActivity(name, ActivityKind.Internal);
        span?.SetTag("faas.name", name);
        span?.SetTag("faas.trigger", trigger);
        return span;
    }
}
