using System.Globalization;
using MlOps.Durable;
using MlOps.Functions.Activities;
using MlOps.Functions.Pipeline;
using MlOps.Learning.Sweeps;
using MlOps.Learning.Trials;

namespace MlOps.Functions;

/// <summary>
/// Step 3, a hyperparameter sweep: the sampler proposes trials, at most parallelTrials run at
/// once as jobs, each finished trial informs the next proposals; the sweep ends when maxTrials
/// have run, the goal is reached, more than maxFailedTrials failed, or its timeout passes
/// (trials still running then are stopped). Progress is the custom status.
/// </summary>
public sealed class SweepOrchestration : TaskOrchestrator<SweepRequest, SweepResult>
{
    public const string Name = "Sweep";

    public static string OutputPrefix(string sweepId, string trialId) => $"{sweepId}/{trialId}/";

    public override async Task<SweepResult> RunAsync(TaskOrchestrationContext context, SweepRequest input)
    {
        var spec = SweepSpecParser.Parse(input.Spec, "sweep");
        var finished = new List<TrialOutcome>();
        var running = new Dictionary<Task<TrialOutcome>, (TrialSpec Spec, IReadOnlyDictionary<string, string> Assignment)>();
        using var timeout = new CancellationTokenSource();
        var deadline = spec.Timeout is { } limit ? context.CreateTimer(context.CurrentUtcDateTime + limit, timeout.Token) : null;
        string? stopReason = null;
        var exhausted = false;
        var proposed = 0;

        while (true)
        {
            if (stopReason is null && !exhausted && running.Count < spec.ParallelTrials && proposed < spec.MaxTrials)
            {
                var count = Math.Min(spec.ParallelTrials - running.Count, spec.MaxTrials - proposed);
                var history = finished.Select(t => t.ToRecord())
                    .Concat(running.Values.Select(r => new TrialRecord(r.Spec.TrialId, r.Assignment, TrialStatus.Running)))
                    .ToList();
                var proposals = await context.CallActivityAsync<List<Dictionary<string, string>>>(
                    ProposeTrialsActivity.Name, new ProposeTrialsInput(input.Spec, history, count));
                exhausted = proposals.Count < count;
                foreach (var assignment in proposals)
                {
                    proposed++;
                    var trial = TrialFor(input, spec, assignment, proposed);
                    running[context.CallActivityAsync<TrialOutcome>(RunTrialActivity.Name,
                        new RunTrialInput(trial, assignment, spec.Objective.Metric, spec.Objective.Direction, spec.EarlyStopping, spec.TrialTimeout))] = (trial, assignment);
                }
                Report(context, input, spec, finished, running.Count, null);
            }
            if (running.Count == 0)
            {
                break;
            }

            var next = deadline is null ? await Task.WhenAny(running.Keys) : await Task.WhenAny(running.Keys.Cast<Task>().Append(deadline));
            if (next == deadline)
            {
                stopReason ??= $"the sweep's timeout of {spec.Timeout} passed";
                break;
            }
            var done = (Task<TrialOutcome>)next;
            var (doneSpec, doneAssignment) = running[done];
            running.Remove(done);
            finished.Add(await Outcome(done, doneSpec, doneAssignment));

            var failures = finished.Count(t => t.Status is TrialStatus.Failed or TrialStatus.TimedOut);
            if (stopReason is null && failures > spec.MaxFailedTrials)
            {
                stopReason = $"{failures} trials failed, more than maxFailedTrials ({spec.MaxFailedTrials}); last: {finished.Last(t => t.Status is TrialStatus.Failed or TrialStatus.TimedOut).Message}";
            }
            if (stopReason is null && Best(finished, spec) is { Objective: { } best } && spec.Objective.Reached(best))
            {
                stopReason = $"goal reached: {spec.Objective.Metric} {best.ToString("0.####", CultureInfo.InvariantCulture)}";
            }
            Report(context, input, spec, finished, running.Count, stopReason);
            if (stopReason is not null)
            {
                break;
            }
        }

        timeout.Cancel();
        foreach (var (task, (trialSpec, _)) in running)
        {
            await context.CallActivityAsync<bool>(StopTrialActivity.Name, RunTrialActivity.JobIdFor(trialSpec, 0));
        }
        var goal = stopReason?.StartsWith("goal", StringComparison.Ordinal) == true;
        var failed = stopReason is not null && !goal;
        var result = new SweepResult(input.SweepId, failed ? "Failed" : goal ? "GoalReached" : "Completed", stopReason, finished, Best(finished, spec), spec.MaxTrials);
        if (result.Best is null && !failed)
        {
            result = result with { Status = "Failed", Reason = "no trial succeeded" };
        }
        Report(context, input, spec, finished, 0, result.Reason, result.Status);
        return result;
    }

    private static async Task<TrialOutcome> Outcome(Task<TrialOutcome> task, TrialSpec spec, IReadOnlyDictionary<string, string> assignment)
    {
        try
        {
            return await task;
        }
        catch (TaskFailedException e)
        {
            return new TrialOutcome(spec.TrialId, assignment, TrialStatus.Failed, null, [], $"the trial could not be run: {e.Message}", 0, spec.OutputPrefix, RunTrialActivity.JobIdFor(spec, 0));
        }
    }

    private static TrialSpec TrialFor(SweepRequest input, SweepSpec spec, IReadOnlyDictionary<string, string> assignment, int number)
    {
        var trialId = $"t{number:D3}";
        var parameters = assignment.Where(p => p.Key is not ("model" or "trainingFraction")).ToDictionary(p => p.Key, p => p.Value);
        return new TrialSpec
        {
            SweepId = input.SweepId,
            TrialId = trialId,
            Site = input.Site,
            Years = input.Years,
            Model = assignment.TryGetValue("model", out var model) ? model : "rf",
            Parameters = parameters,
            TrainingFraction = assignment.TryGetValue("trainingFraction", out var fraction) ? double.Parse(fraction, CultureInfo.InvariantCulture) : 0.7,
            MaxRowsPerSurvey = input.MaxRowsPerSurvey,
            Seed = input.Seed + number,
            OutputContainer = input.TrialsContainer,
            OutputPrefix = OutputPrefix(input.SweepId, trialId),
        };
    }

    private static TrialOutcome? Best(IEnumerable<TrialOutcome> trials, SweepSpec spec) =>
        trials.Where(t => t.Status == TrialStatus.Succeeded && t.Objective is not null)
            .OrderBy(t => spec.Objective.Direction == ObjectiveDirection.Maximize ? -t.Objective!.Value : t.Objective!.Value)
            .ThenBy(t => t.TrialId, StringComparer.Ordinal)
            .FirstOrDefault();

    private static void Report(TaskOrchestrationContext context, SweepRequest input, SweepSpec spec, List<TrialOutcome> finished, int running, string? reason, string step = "Sweep")
    {
        var best = Best(finished, spec);
        context.SetCustomStatus(new SweepProgress(step, input.SweepId, spec.MaxTrials,
            finished.Count(t => t.Status == TrialStatus.Succeeded), running,
            finished.Count(t => t.Status is TrialStatus.Failed or TrialStatus.TimedOut),
            finished.Count(t => t.Status == TrialStatus.EarlyStopped),
            best?.TrialId, best?.Objective, best?.Parameters, reason,
            finished.Select(t => new TrialSummary(t.TrialId, t.Status, t.Objective, t.Parameters.GetValueOrDefault("model"), t.Seconds, t.Message)).ToList()));
    }
}
