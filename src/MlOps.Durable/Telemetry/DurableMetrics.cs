using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MlOps.Durable;

/// <summary>
/// The engine's instruments (meter <see cref="DurableTelemetry.SourceName"/>): orchestration
/// turns and activity runs, counted and timed by name and outcome.
/// </summary>
public sealed class DurableMetrics
{
    private static readonly double[] SecondsBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

    private readonly Counter<long> turns;
    private readonly Histogram<double> turnDuration;
    private readonly Counter<long> activities;
    private readonly Histogram<double> activityDuration;

    public DurableMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(DurableTelemetry.SourceName);
        turns = meter.CreateCounter<long>("mlops.durable.orchestration.turns", "{turn}",
            "Orchestration turns run, by orchestration and the status the turn left the instance in.");
        turnDuration = meter.CreateHistogram("mlops.durable.orchestration.turn.duration", "s",
            "Time to load, replay, run and commit one orchestration turn.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        activities = meter.CreateCounter<long>("mlops.durable.activity.executions", "{execution}",
            "Activity runs, by activity and outcome (completed or failed).");
        activityDuration = meter.CreateHistogram("mlops.durable.activity.duration", "s",
            "Time one activity run took.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
    }

    /// <summary>One turn of <paramref name="orchestration"/>; <paramref name="outcome"/> is the instance's status after it, or why it did not commit.</summary>
    public void RecordTurn(string orchestration, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "orchestration", orchestration }, { "outcome", outcome } };
        turns.Add(1, tags);
        turnDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void RecordActivity(string activity, bool succeeded, TimeSpan elapsed)
    {
        var tags = new TagList { { "activity", activity }, { "outcome", succeeded ? "completed" : "failed" } };
        activities.Add(1, tags);
        activityDuration.Record(elapsed.TotalSeconds, tags);
    }
}
