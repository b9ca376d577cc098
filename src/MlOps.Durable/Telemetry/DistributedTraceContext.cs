using System.Diagnostics;

namespace MlOps.Durable;

/// <summary>
/// A W3C trace context (<c>traceparent</c> and <c>tracestate</c>) kept with an instance's start
/// event and with each activity work item, so that spans started by another turn, another
/// host or after a restart join the trace of whatever scheduled the work.
/// </summary>
public sealed record DistributedTraceContext(string TraceParent, string? TraceState = null)
{
    /// <summary>The context of <paramref name="activity"/>, or null when there is none.</summary>
    public static DistributedTraceContext? From(Activity? activity) =>
        activity is null || activity.IdFormat != ActivityIdFormat.W3C || activity.Id is null
            ? null
            : new DistributedTraceContext(activity.Id, string.IsNullOrEmpty(activity.TraceStateString) ? null : activity.TraceStateString);

    /// <summary>Parses the stored context; false when it is not a valid traceparent.</summary>
    public bool TryGetContext(out ActivityContext context) =>
        ActivityContext.TryParse(TraceParent, TraceState, isRemote: true, out context);

    /// <summary>The parent for a span continuing <paramref name="stored"/>: its context, or none (a new trace).</summary>
    internal static ActivityContext ParentOf(DistributedTraceContext? stored) =>
        stored is not null && stored.TryGetContext(out var context) ? context : default;
}
