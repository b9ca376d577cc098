using Microsoft.Extensions.Options;
using MlOps.Durable;
using MlOps.Functions.Pipeline;
using MlOps.Functions.Telemetry;
using MlOps.Jobs;
using MlOps.Learning.Sweeps;
using MlOps.Learning.Trials;

namespace MlOps.Functions.Activities;

public sealed record RunTrialInput(
    TrialSpec Spec,
    IReadOnlyDictionary<string, string> Assignment,
    string ObjectiveMetric,
    ObjectiveDirection Direction,
    EarlyStoppingSpec? EarlyStopping,
    TimeSpan Timeout);

/// <summary>
/// Runs one trial as a job through <see cref="IJobRunner"/> and follows it: its intermediate
/// metrics are read as the job writes them, median stopping kills a weak trial, and a crash,
/// a timeout or a non-zero exit is a failed trial with its reason. A trial that already
/// finished (its metrics.json exists) is not run again, and a job still running from before a
/// host restart is re-attached rather than started twice.
/// </summary>
public sealed class RunTrialActivity(
    IJobRunner jobs,
    TrialStore trials,
    IConfiguration configuration,
    MlOps.Storage.Configuration.MlOpsPaths paths,
    IOptions<PipelineOptions> options,
    MlOpsMetrics metrics,
    ILogger<RunTrialActivity> logger) : TaskActivity<RunTrialInput, TrialOutcome>
{
    public const string Name = "RunTrial";

    public override async Task<TrialOutcome> RunAsync(TaskActivityContext context, RunTrialInput input)
    {
        var cancellationToken = context.ShutdownToken;
        var spec = input.Spec;
        var started = DateTimeOffset.UtcNow;
        if (await trials.ReadFinalAsync(spec.OutputPrefix, cancellationToken) is { } done)
        {
            return Succeeded(input, done, JobIdFor(spec, 0), 0);
        }
        var specLocation = await trials.WriteSpecAsync(spec, cancellationToken);
        var rule = input.EarlyStopping is null ? null : new MedianStoppingRule(input.EarlyStopping, input.Direction);
        var sweepPrefix = spec.OutputPrefix[..(spec.OutputPrefix.TrimEnd('/').LastIndexOf('/') + 1)];
        var peers = new Dictionary<string, TrialFinalMetrics>();

        for (var attempt = 0; ; attempt++)
        {
            var jobId = JobIdFor(spec, attempt);
            using var telemetry = TrialJobTelemetry.Start(metrics, spec, jobId, attempt);
            var status = await jobs.StartAsync(new JobRequest(jobId, specLocation)
            {
                Environment = telemetry.Environment(TrialJobEnvironment.From(configuration, paths), configuration),
                Timeout = input.Timeout,
                RequiresGpu = options.Value.TrialsRequireGpu,
            }, cancellationToken);
            IReadOnlyList<IntermediateValue> curve = [];
            while (!status.IsFinal)
            {
                await Task.Delay(options.Value.TrialPollInterval, cancellationToken);
                status = await jobs.GetStatusAsync(jobId, cancellationToken) ?? status;
                telemetry.Observe(status);
                curve = TrialStore.Curve(await trials.ReadIntermediateAsync(spec.OutputPrefix, cancellationToken), input.ObjectiveMetric);
                if (status.IsFinal || rule is null || curve.Count == 0)
                {
                    continue;
                }
                var finished = await trials.ReadFinishedAsync(sweepPrefix, peers, cancellationToken);
                var decision = rule.Evaluate(curve, finished.Select(f => new TrialRecord(f.TrialId, f.Parameters, TrialStatus.Succeeded,
                    TrialStore.Objective(f, input.ObjectiveMetric), TrialStore.Curve(f.Curve, input.ObjectiveMetric))));
                if (decision.Stop)
                {
                    telemetry.Observe(await jobs.StopAsync(jobId, cancellationToken));
                    logger.LogInformation("Trial {TrialId} stopped early: {Reason}", spec.TrialId, decision.Reason);
                    return telemetry.Finish(new TrialOutcome(spec.TrialId, input.Assignment, TrialStatus.EarlyStopped, decision.Value, curve,
                        $"stopped early: {decision.Reason}", Seconds(started), spec.OutputPrefix, jobId));
                }
            }

            telemetry.Observe(status);
            switch (status.State)
            {
                case JobState.Succeeded when await trials.ReadFinalAsync(spec.OutputPrefix, cancellationToken) is { } final:
                    return telemetry.Finish(Succeeded(input, final, jobId, Seconds(started)));
                case JobState.Succeeded:
                    return telemetry.Finish(Failed(input, curve, jobId, started, "the trial exited 0 but wrote no metrics.json"));
                case JobState.Lost when attempt == 0:
                    logger.LogWarning("Trial {TrialId}'s job {JobId} was lost with its host; running it again", spec.TrialId, jobId);
                    continue;
                case JobState.TimedOut:
                    return telemetry.Finish(new TrialOutcome(spec.TrialId, input.Assignment, TrialStatus.TimedOut, null, curve,
                        $"timed out after {input.Timeout}", Seconds(started), spec.OutputPrefix, jobId));
                default:
                    var tail = status.StandardErrorTail.Count > 0 ? ": " + string.Join(" | ", status.StandardErrorTail.TakeLast(3)) : "";
                    return telemetry.Finish(Failed(input, curve, jobId, started, $"{status.State.ToString().ToLowerInvariant()} (exit code {status.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}){tail}"));
            }
        }
    }

    /// <summary>Job ids: letters, digits, '-', '_' and '.', at most 100 characters.</summary>
    public static string JobIdFor(TrialSpec spec, int attempt)
    {
        var id = $"{spec.SweepId}-{spec.TrialId}{(attempt > 0 ? $"-r{attempt}" : "")}";
        var clean = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
        return clean.Length <= JobRequest.MaxJobIdLength ? clean : clean[^JobRequest.MaxJobIdLength..];
    }

    private static TrialOutcome Succeeded(RunTrialInput input, TrialFinalMetrics final, string jobId, double seconds) =>
        new(input.Spec.TrialId, input.Assignment, TrialStatus.Succeeded, TrialStore.Objective(final, input.ObjectiveMetric),
            TrialStore.Curve(final.Curve, input.ObjectiveMetric), null, seconds, input.Spec.OutputPrefix, jobId);

    private static TrialOutcome Failed(RunTrialInput input, IReadOnlyList<IntermediateValue> curve, string jobId, DateTimeOffset started, string message) =>
        new(input.Spec.TrialId, input.Assignment, TrialStatus.Failed, null, curve, message, Seconds(started), input.Spec.OutputPrefix, jobId);

    private static double Seconds(DateTimeOffset started) => Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds, 2);
}
