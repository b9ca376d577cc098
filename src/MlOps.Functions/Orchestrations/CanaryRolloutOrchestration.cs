using MlOps.Durable;
using MlOps.Functions.Activities;
using MlOps.Functions.Rollout;
using MlOps.Registry.Rollout;

namespace MlOps.Functions;

/// <summary>
/// DESIGN.md step 7, one instance per challenger (<c>rollout-{site}-v{version}</c>): shadow mode
/// for the configured period, then the configured weights (10 → 25 → 50 → 100 % by default)
/// with a durable timer per step. At the end of every step the gates compare challenger and
/// champion on the online metrics of every host; a failed gate rolls the challenger back at
/// once with the reason and the failing gates recorded, and passing the last step promotes it.
/// Operators steer it with <see cref="RolloutCommand"/> events (approve, pause, resume, abort,
/// rollback). An operator's change made straight to the rollout state is noticed at the next
/// step, and the orchestration ends without touching it.
/// </summary>
public sealed class CanaryRolloutOrchestration : TaskOrchestrator<StartRolloutRequest, RolloutOutcome>
{
    public const string Name = "CanaryRollout";

    public override async Task<RolloutOutcome> RunAsync(TaskOrchestrationContext context, StartRolloutRequest input)
    {
        var model = input.Site;
        var plan = await context.CallActivityAsync<RolloutPlan>(RolloutBeginActivity.Name, new RolloutBeginRequest(input, context.InstanceId));
        var reading = new RolloutMetricsRequest(model, input.ChampionVersion, input.ChallengerVersion);
        var atStart = await context.CallActivityAsync<RolloutReading>(RolloutMetricsActivity.Name, reading);
        var status = new RolloutProgress("starting", 0, plan.Steps[0].Weight, null, null, null);
        string? lastGate = null;

        foreach (var step in plan.Steps)
        {
            if (step.Index > 0)
            {
                var mode = await context.CallActivityAsync<RolloutMode>(RolloutWeightActivity.Name,
                    new RolloutWeightRequest(model, step.Index, step.Weight, $"{step.Describe()} after: {lastGate}"));
                if (mode is not (RolloutMode.Shadow or RolloutMode.Canary))
                {
                    return Stopped(context, status, input, mode, step);
                }
            }
            var baseline = await context.CallActivityAsync<RolloutReading>(RolloutMetricsActivity.Name, reading);
            if (!IsRunning(baseline.Mode))
            {
                return Stopped(context, status, input, baseline.Mode, step);
            }
            status = status with { Phase = step.IsShadow ? "shadow" : "canary", StepIndex = step.Index, Weight = step.Weight };
            var approved = false;
            var dataWaits = 0;
            while (true)
            {
                var (command, wasApproved, waitStatus) = await WaitAsync(context, step, status, model);
                status = waitStatus;
                if (command is not null)
                {
                    var outcome = command.Action == RolloutAction.Abort ? "aborted" : "rolledBack";
                    return await RollBackAsync(context, status, input, outcome, $"{step.Describe()}: {command.Reason}", null, step.Index);
                }
                approved |= wasApproved;
                var now = await context.CallActivityAsync<RolloutReading>(RolloutMetricsActivity.Name, reading);
                if (!IsRunning(now.Mode))
                {
                    return Stopped(context, status, input, now.Mode, step);
                }
                var verdict = RolloutGates.Evaluate(step, plan.Thresholds,
                    now.Challenger.Minus(baseline.Challenger), now.Champion.Minus(baseline.Champion),
                    now.Challenger.Minus(atStart.Challenger), now.Champion.Minus(atStart.Champion),
                    approved, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero));
                lastGate = verdict.Summary;
                status = status with { LastGate = verdict.Summary, LastGateResults = verdict.Results, NextGateAt = null };
                if (verdict.Failed)
                {
                    return await RollBackAsync(context, status, input, "rolledBack", verdict.Summary, verdict.Results, step.Index);
                }
                await context.CallActivityAsync<int>(RolloutGatesActivity.Name, new RolloutGatesRequest(model, verdict.Results));
                if (!verdict.NeedsMoreData)
                {
                    break;
                }
                if (++dataWaits > plan.Thresholds.MaxDataWaits)
                {
                    return await RollBackAsync(context, status, input, "rolledBack",
                        $"{verdict.Summary}, after {plan.Thresholds.MaxDataWaits} extensions: not enough traffic to judge the challenger", verdict.Results, step.Index);
                }
            }
        }

        var reason = $"promoted after {plan.Steps.Count} steps; last gate: {lastGate}";
        await context.CallActivityAsync<RolloutMode>(RolloutFinishActivity.Name, new RolloutFinishRequest(model, input.ChallengerVersion, Promote: true, reason));
        context.SetCustomStatus(status with { Phase = "promoted", Weight = 100, Outcome = "promoted", Reason = reason });
        return new RolloutOutcome(model, input.ChallengerVersion, "promoted", reason, null);
    }

    /// <summary>
    /// Waits out a step: until its timer fires, or an operator approves (ends the wait), pauses
    /// (no timer until resumed; the step's wait then starts again), aborts or rolls back
    /// (returned to the caller). Every wait cancels its unused timer and event listener, so a
    /// later command is never swallowed by a stale listener.
    /// </summary>
    private static async Task<(RolloutCommand? Stop, bool Approved, RolloutProgress Status)> WaitAsync(
        TaskOrchestrationContext context, RolloutStep step, RolloutProgress status, string model)
    {
        var fireAt = context.CurrentUtcDateTime + step.Duration;
        var paused = false;
        while (true)
        {
            status = status with { Phase = paused ? "paused" : step.IsShadow ? "shadow" : "canary", NextGateAt = paused ? null : fireAt };
            context.SetCustomStatus(status);
            using var cancel = new CancellationTokenSource();
            var command = context.WaitForExternalEvent<RolloutCommand>(RolloutCommand.EventName, cancel.Token);
            var timer = paused ? null : context.CreateTimer(fireAt, cancel.Token);
            var winner = timer is null ? await Task.WhenAny(command) : await Task.WhenAny(command, timer);
            cancel.Cancel();
            if (winner == timer)
            {
                return (null, false, status);
            }
            var received = await command;
            switch (received.Action)
            {
                case RolloutAction.Approve:
                    if (paused)
                    {
                        await context.CallActivityAsync<RolloutMode>(RolloutPauseActivity.Name, new RolloutPauseRequest(model, Pause: false, $"approved: {received.Reason}"));
                    }
                    return (null, true, status);
                case RolloutAction.Pause when !paused:
                    paused = IsRunning(await context.CallActivityAsync<RolloutMode>(RolloutPauseActivity.Name, new RolloutPauseRequest(model, Pause: true, received.Reason)));
                    break;
                case RolloutAction.Resume when paused:
                    await context.CallActivityAsync<RolloutMode>(RolloutPauseActivity.Name, new RolloutPauseRequest(model, Pause: false, received.Reason));
                    paused = false;
                    fireAt = context.CurrentUtcDateTime + step.Duration;
                    break;
                case RolloutAction.Abort or RolloutAction.Rollback:
                    return (received, false, status);
            }
        }
    }

    private static async Task<RolloutOutcome> RollBackAsync(
        TaskOrchestrationContext context, RolloutProgress status, StartRolloutRequest input, string outcome, string reason, IReadOnlyList<GateResult>? gates, int step)
    {
        await context.CallActivityAsync<RolloutMode>(RolloutFinishActivity.Name, new RolloutFinishRequest(input.Site, input.ChallengerVersion, Promote: false, reason, gates));
        context.SetCustomStatus(status with { Phase = "rolledBack", Weight = 0, NextGateAt = null, Outcome = outcome, Reason = reason });
        return new RolloutOutcome(input.Site, input.ChallengerVersion, outcome, reason, step);
    }

    private static RolloutOutcome Stopped(TaskOrchestrationContext context, RolloutProgress status, StartRolloutRequest input, RolloutMode mode, RolloutStep step)
    {
        var reason = $"the rollout state was changed outside this rollout (now {mode}) during {step.Describe()}";
        context.SetCustomStatus(status with { Phase = mode.ToString(), NextGateAt = null, Outcome = "stopped", Reason = reason });
        return new RolloutOutcome(input.Site, input.ChallengerVersion, "stopped", reason, step.Index);
    }

    private static bool IsRunning(RolloutMode mode) => mode is RolloutMode.Shadow or RolloutMode.Canary or RolloutMode.Paused;
}
