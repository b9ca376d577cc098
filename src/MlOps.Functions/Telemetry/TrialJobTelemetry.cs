using System.Diagnostics;
using MlOps.Functions.Pipeline;
using MlOps.Jobs;
using MlOps.Learning.Sweeps;
using MlOps.Learning.Trials;

namespace MlOps.Functions.Telemetry;

/// <summary>
/// One trial job as RunTrial follows it: the host-side <c>job</c> span (a child of the RunTrial
/// activity's span, and the parent the trial process joins through TRACEPARENT) with the
/// trial, the job's placement and process and the outcome; and the trial counters.
/// </summary>
public sealed class TrialJobTelemetry : IDisposable
{
    private readonly Activity? span;
    private readonly MlOpsMetrics metrics;
    private readonly TrialSpec spec;
    private readonly long startedAt = Stopwatch.GetTimestamp();
    private bool finished;

    private TrialJobTelemetry(MlOpsMetrics metrics, TrialSpec spec, string jobId, int attempt)
    {
        this.metrics = metrics;
        this.spec = spec;
        span = JobTelemetry.StartJob(jobId);
        span?.SetTag("mlops.trial.id", spec.TrialId);
        span?.SetTag("mlops.sweep.id", spec.SweepId);
        span?.SetTag("mlops.trial.model", spec.Model);
        span?.SetTag("mlops.trial.attempt", attempt);
        metrics.TrialStarted(spec.Site, spec.Model);
    }

    public static TrialJobTelemetry Start(MlOpsMetrics metrics, TrialSpec spec, string jobId, int attempt) => new(metrics, spec, jobId, attempt);

    /// <summary>
    /// The job's environment with this span's trace context added, and the host's OTLP export
    /// settings (OTEL_* in configuration, except the service name: the trial is its own service).
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment(IReadOnlyDictionary<string, string> environment, IConfiguration configuration)
    {
        var withTrace = new Dictionary<string, string>(JobTelemetry.WithTraceContext(environment, span), StringComparer.Ordinal);
        foreach (var setting in configuration.GetChildren())
        {
            if (setting.Key.StartsWith("OTEL_", StringComparison.Ordinal) && setting.Key != "OTEL_SERVICE_NAME" && setting.Value is { Length: > 0 } value)
            {
                withTrace.TryAdd(setting.Key, value);
            }
        }
        return withTrace;
    }

    public void Observe(JobStatus status) => JobTelemetry.Record(span, status);

    /// <summary>Records how the trial ended and returns <paramref name="outcome"/>.</summary>
    public TrialOutcome Finish(TrialOutcome outcome)
    {
        finished = true;
        span?.SetTag("mlops.trial.outcome", MlOpsMetrics.OutcomeName(outcome.Status));
        if (outcome.Objective is { } objective)
        {
            span?.SetTag("mlops.trial.objective", objective);
        }
        if (outcome.Status is not (TrialStatus.Succeeded or TrialStatus.EarlyStopped))
        {
            span?.SetStatus(ActivityStatusCode.Error, outcome.Message);
        }
        metrics.TrialCompleted(spec.Site, spec.Model, outcome.Status, Stopwatch.GetElapsedTime(startedAt));
        return outcome;
    }

    public void Dispose()
    {
        if (!finished)
        {
            span?.SetStatus(ActivityStatusCode.Error, "the job was lost, or the host stopped following it");
        }
        span?.Dispose();
    }
}
