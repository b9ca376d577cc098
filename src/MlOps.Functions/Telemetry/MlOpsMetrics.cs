using System.Diagnostics;
using System.Diagnostics.Metrics;
using MlOps.Learning.Sweeps;

namespace MlOps.Functions.Telemetry;

/// <summary>
/// The app's instruments (meter <see cref="MeterName"/>), from DI. Inference is counted and
/// timed per model and version (and canary alias when known); trials are counted as they start
/// and as they end, by outcome, with their durations; registrations are counted per model.
/// </summary>
public sealed class MlOpsMetrics
{
    public const string MeterName = FunctionsTelemetry.SourceName;

    private static readonly double[] InferenceBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] TrialBuckets = [1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400];

    private readonly Counter<long> inferenceRequests;
    private readonly Histogram<double> inferenceDuration;
    private readonly Counter<long> inferenceRows;
    private readonly Counter<long> trialsStarted;
    private readonly Counter<long> trialsCompleted;
    private readonly Histogram<double> trialDuration;
    private readonly Counter<long> modelsRegistered;

    public MlOpsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        inferenceRequests = meter.CreateCounter<long>("mlops.inference.requests", "{request}", "Prediction requests, by model, version, alias and outcome.");
        inferenceDuration = meter.CreateHistogram("mlops.inference.duration", "s", "Time to answer one prediction request, by model and version.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = InferenceBuckets });
        inferenceRows = meter.CreateCounter<long>("mlops.inference.rows", "{row}", "Rows (pixels) predicted, by model and version.");
        trialsStarted = meter.CreateCounter<long>("mlops.trials.started", "{trial}", "Trial jobs started, by site and model kind.");
        trialsCompleted = meter.CreateCounter<long>("mlops.trials.completed", "{trial}",
            "Trials that ended, by site, model kind and outcome (succeeded, failed, timed_out, early_stopped).");
        trialDuration = meter.CreateHistogram("mlops.trials.duration", "s", "How long trials ran, by site, model kind and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TrialBuckets });
        modelsRegistered = meter.CreateCounter<long>("mlops.models.registered", "{version}", "Model versions registered, by model and the alias they got.");
    }

    /// <summary>
    /// One prediction request answered by <paramref name="model"/> version <paramref name="version"/>;
    /// <paramref name="alias"/> is the canary arm that served it (champion, challenger) when there is one.
    /// </summary>
    public void RecordInference(string model, int version, TimeSpan duration, long rows, bool succeeded, string? alias = null)
    {
        var tags = new TagList { { "model", model }, { "version", version.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        if (alias is not null)
        {
            tags.Add("alias", alias);
        }
        inferenceDuration.Record(duration.TotalSeconds, tags);
        if (succeeded)
        {
            inferenceRows.Add(rows, tags);
        }
        tags.Add("outcome", succeeded ? "ok" : "error");
        inferenceRequests.Add(1, tags);
    }

    public void TrialStarted(string site, string modelKind) =>
        trialsStarted.Add(1, new TagList { { "site", site }, { "model", modelKind } });

    public void TrialCompleted(string site, string modelKind, TrialStatus status, TimeSpan duration)
    {
        var tags = new TagList { { "site", site }, { "model", modelKind }, { "outcome", OutcomeName(status) } };
        trialsCompleted.Add(1, tags);
        trialDuration.Record(duration.TotalSeconds, tags);
    }

    public void ModelRegistered(string model, string alias) =>
        modelsRegistered.Add(1, new TagList { { "model", model }, { "alias", alias } });

    /// <summary>snake_case, as label values usually are: TimedOut is "timed_out".</summary>
    public static string OutcomeName(TrialStatus status) =>
        string.Concat(status.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
