using MlOps.Durable;
using MlOps.Functions.Activities;
using MlOps.Functions.Pipeline;
using MlOps.Learning.Sweeps;
using MlOps.Reports.Views;

namespace MlOps.Functions.Dashboard;

/// <summary>
/// A sweep as the dashboard shows it. A finished sweep's trials come from its output; a running
/// (or failed) one's from its history: every RunTrial call scheduled, with the outcome of those
/// that finished, and for the ones still running their intermediate metrics as written so far.
/// </summary>
public sealed class SweepQueries(DurableTaskClient durable, TrialStore trials)
{
    public async Task<SweepView?> GetAsync(string sweepId, CancellationToken cancellationToken)
    {
        var instance = await durable.GetInstanceAsync(sweepId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null || !instance.Name.Equals(SweepOrchestration.Name, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var request = PipelineViews.TryRead(instance.ReadInputAs<SweepRequest>);
        SweepSpec? spec = null;
        if (request is not null)
        {
            try
            {
                spec = SweepSpecParser.Parse(request.Spec, "sweep");
            }
            catch (SweepSpecException)
            {
                // A spec this version cannot read: show the trials without the search space.
            }
        }
        var progress = PipelineViews.TryRead(instance.ReadCustomStatusAs<SweepProgress>);
        var result = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? PipelineViews.TryRead(instance.ReadOutputAs<SweepResult>) : null;
        var trialViews = result is not null
            ? result.Trials.Select(PipelineViews.Trial).ToList()
            : await FromHistoryAsync(sweepId, spec?.Objective.Metric ?? "accuracy", cancellationToken);
        var status = result?.Status ?? instance.RuntimeStatus.ToString();
        return new SweepView(
            sweepId,
            instance.ParentInstanceId ?? (sweepId.EndsWith("-sweep", StringComparison.Ordinal) ? sweepId[..^"-sweep".Length] : null),
            request?.Site ?? "",
            status,
            result?.Reason ?? progress?.Reason ?? instance.FailureDetails?.ErrorMessage,
            spec?.Objective.Metric ?? "accuracy",
            spec?.Objective.Direction != ObjectiveDirection.Minimize,
            spec?.MaxTrials ?? progress?.MaxTrials ?? trialViews.Count,
            spec?.ParallelTrials ?? 1,
            spec?.Algorithm.ToString().ToLowerInvariant() ?? "?",
            spec?.Parameters.Select(PipelineViews.Parameter).ToList() ?? [],
            trialViews,
            result?.Best?.TrialId ?? progress?.BestTrialId,
            instance.IsRunning,
            instance.CreatedAt,
            instance.LastUpdatedAt);
    }

    private async Task<List<TrialView>> FromHistoryAsync(string sweepId, string metric, CancellationToken cancellationToken)
    {
        var history = await durable.GetOrchestrationHistoryAsync(sweepId, cancellationToken);
        var scheduled = new Dictionary<int, RunTrialInput>();
        var finished = new Dictionary<int, TrialView>();
        foreach (var e in history)
        {
            switch (e.EventType)
            {
                case HistoryEventType.TaskScheduled when e.Name == RunTrialActivity.Name && e.TaskId is { } id:
                    if (PipelineViews.TryRead(() => DurableSerializer.Deserialize<RunTrialInput>(e.Input)) is { } input)
                    {
                        scheduled[id] = input;
                    }
                    break;
                case HistoryEventType.TaskCompleted when e.TaskId is { } id && scheduled.ContainsKey(id):
                    if (PipelineViews.TryRead(() => DurableSerializer.Deserialize<TrialOutcome>(e.Result)) is { } outcome)
                    {
                        finished[id] = PipelineViews.Trial(outcome);
                    }
                    break;
                case HistoryEventType.TaskFailed when e.TaskId is { } id && scheduled.TryGetValue(id, out var failed):
                    finished[id] = new TrialView(failed.Spec.TrialId, TrialStates.Failed, failed.Assignment, null, 0,
                        $"the trial could not be run: {e.Failure?.ErrorMessage}", []);
                    break;
            }
        }
        var views = new List<TrialView>();
        foreach (var (id, input) in scheduled)
        {
            if (finished.TryGetValue(id, out var done))
            {
                views.Add(done);
                continue;
            }
            var curve = await trials.ReadIntermediateAsync(input.Spec.OutputPrefix, cancellationToken);
            views.Add(new TrialView(input.Spec.TrialId, TrialStates.Running, input.Assignment, null, 0, null,
                TrialStore.Curve(curve, metric).Select(c => new CurvePoint(c.Step, c.Value)).ToList()));
        }
        return views;
    }
}
