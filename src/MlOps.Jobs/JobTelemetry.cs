using System.Diagnostics;

namespace MlOps.Jobs;

/// <summary>
/// The host side of a job in a trace (source <see cref="SourceName"/>): a <c>job</c> span from
/// the start to the final status, with where and how it ran, and the environment that makes
/// the job's own process a child of that span (<see cref="JobEnvironment.TraceParent"/>).
/// </summary>
public static class JobTelemetry
{
    public const string SourceName = "MlOps.Jobs";

    public const string JobIdTag = "mlops.job.id";
    public const string StateTag = "mlops.job.state";
    public const string PlacementTag = "mlops.job.placement";

    private static readonly ActivitySource Source = new(SourceName, typeof(JobTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Starts the span of one job as a child of the current span; null when nobody listens.</summary>
    public static Activity? StartJob(string jobId)
    {
        var span = Source.StartActivity("job", ActivityKind.Client);
        span?.SetTag(JobIdTag, jobId);
        return span;
    }

    /// <summary>
    /// <paramref name="environment"/> plus the trace context of <paramref name="span"/> (or of the
    /// current span when there is none), so the job can join the trace.
    /// </summary>
    public static IReadOnlyDictionary<string, string> WithTraceContext(IReadOnlyDictionary<string, string> environment, Activity? span)
    {
        var parent = span ?? Activity.Current;
        if (parent is null || parent.IdFormat != ActivityIdFormat.W3C || parent.Id is null)
        {
            return environment;
        }
        var withTrace = new Dictionary<string, string>(environment, StringComparer.Ordinal) { [JobEnvironment.TraceParent] = parent.Id };
        if (!string.IsNullOrEmpty(parent.TraceStateString))
        {
            withTrace[JobEnvironment.TraceState] = parent.TraceStateString;
        }
        return withTrace;
    }

    /// <summary>Records what <paramref name="status"/> tells: placement and process while it runs, the outcome once final.</summary>
    public static void Record(Activity? span, JobStatus status)
    {
        if (span is null)
        {
            return;
        }
        span.SetTag(StateTag, status.State.ToString());
        if (status.Placement is { } placement)
        {
            span.SetTag(PlacementTag, placement);
        }
        if (status.ProcessId is { } pid)
        {
            span.SetTag("process.pid", pid);
        }
        if (!status.IsFinal)
        {
            return;
        }
        if (status.ExitCode is { } exitCode)
        {
            span.SetTag("process.exit.code", exitCode);
        }
        if (status.StartedAt is { } started && status.EndedAt is { } ended)
        {
            span.SetTag("mlops.job.run_seconds", Math.Round((ended - started).TotalSeconds, 3));
        }
        if (status.State is not (JobState.Succeeded or JobState.Stopped))
        {
            span.SetStatus(ActivityStatusCode.Error, status.Message ?? status.State.ToString());
        }
    }
}
