using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Durable;
using MlOps.Functions.Activities;
using MlOps.Functions.Rollout;
using MlOps.Registry;
using MlOps.Registry.Rollout;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

/// <summary>
/// The CanaryRollout orchestration on the real host with real models and steady traffic, steps
/// shortened through configuration: a worse challenger is rolled back at its first gate, a
/// better one promoted, one that fails on some inputs rolled back on error rate; operators
/// pause, resume, abort and roll back through the admin endpoints.
/// </summary>
public sealed class CanaryRolloutTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static Dictionary<string, string> Settings(string shadow = "00:00:02", string step = "00:00:01", int minRequests = 60) => new()
    {
        ["MlOps:Rollout:ShadowDuration"] = shadow,
        ["MlOps:Rollout:StepDuration"] = step,
        ["MlOps:Rollout:ShadowShare"] = "50",
        ["MlOps:Rollout:MinRequests"] = minRequests.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MlOps:Rollout:MinComparedRows"] = "100",
        ["MlOps:Rollout:MinFeedbackRows"] = "100",
        ["MlOps:Rollout:MaxDataWaits"] = "20",
        // Scoring takes well under a millisecond; on a shared 2-core machine a scheduler hiccup
        // in a one-second window moves p95 by more than that, and latency is not what these tests judge.
        ["MlOps:Rollout:LatencySlackMilliseconds"] = "250",
        ["MlOps:Registry:Rollout:RefreshInterval"] = "00:00:00.050",
    };

    [Fact]
    public async Task A_challenger_trained_on_the_wrong_year_is_rolled_back_at_its_first_gate_with_the_reason_recorded()
    {
        var models = await CanaryModels.GetAsync();
        // Enough mirrored requests before the first gate that their feedback is in too.
        await using var host = await TestHost.StartAsync(azurite, Settings(minRequests: 200));
        var (outcome, state, traffic) = await RollOutAsync(host, models, "worse", models.Worse);

        Assert.True(outcome is { Outcome: "rolledBack", FailedStep: 0 }, outcome.Reason);
        Assert.Contains("step 0 (shadow) gate failed", outcome.Reason);
        Assert.Contains(RolloutGates.FeedbackAccuracy, outcome.Reason);
        Assert.Equal(RolloutMode.RolledBack, state.Mode);
        Assert.Equal((0.0, 1), (state.ChallengerWeight, state.ChampionVersion));
        Assert.Equal(outcome.Reason, state.History[^1].Reason);
        Assert.Contains(state.Gates, g => g is { StepIndex: 0, Metric: RolloutGates.FeedbackAccuracy, Passed: false });
        Assert.Empty(traffic.Failures);
        Assert.Equal([1], traffic.Versions.Keys);
        var aliases = await host.Services.GetRequiredService<ModelRegistryClient>().GetAliasesAsync("worse");
        Assert.Equal((1, (int?)null), (aliases.Champion, aliases.Challenger));
    }

    [Fact]
    public async Task A_better_challenger_passes_every_gate_and_is_promoted_with_the_old_champion_kept()
    {
        var models = await CanaryModels.GetAsync();
        await using var host = await TestHost.StartAsync(azurite, Settings());
        var (outcome, state, traffic) = await RollOutAsync(host, models, "better", models.Better);

        Assert.True(outcome.Outcome == "promoted", outcome.Reason);
        Assert.Equal(RolloutMode.Promoted, state.Mode);
        Assert.Equal((2, (int?)1), (state.ChampionVersion, state.PreviousChampionVersion));
        Assert.Equal([0, 1, 2, 3, 4], state.Gates.Where(g => g.Metric == RolloutGates.ErrorRate).Select(g => g.StepIndex).Distinct());
        Assert.All(state.Gates.Where(g => g.Metric != RolloutGates.Requests), g => Assert.True(g.Passed, $"{g.Metric} at step {g.StepIndex}"));
        Assert.Contains(state.Gates, g => g.Metric == RolloutGates.FeedbackAccuracy);
        Assert.Contains(state.Gates, g => g.Metric == RolloutGates.Agreement);
        Assert.Equal([0.0, 10, 25, 50, 100, 0], state.History.Select(h => h.ToWeight));
        Assert.Empty(traffic.Failures);
        Assert.True(traffic.Versions.GetValueOrDefault(2) > 0, "the challenger served during the canary steps");
        var aliases = await host.Services.GetRequiredService<ModelRegistryClient>().GetAliasesAsync("better");
        Assert.Equal((2, (int?)null, (int?)1), (aliases.Champion, aliases.Challenger, aliases.Previous));
    }

    [Fact]
    public async Task A_challenger_whose_graph_fails_on_deep_rows_is_rolled_back_on_error_rate_and_users_never_see_its_failures()
    {
        var models = await CanaryModels.GetAsync();
        await using var host = await TestHost.StartAsync(azurite, Settings(shadow: "0"));
        var failing = CanaryModels.FailingBeyondDepth(models.Better, depthLimit: 44);
        var (outcome, state, traffic) = await RollOutAsync(host, models, "failing", failing);

        Assert.Equal("rolledBack", outcome.Outcome);
        Assert.Equal(0, outcome.FailedStep);
        Assert.Contains("step 0 (10%) gate failed", outcome.Reason);
        Assert.Contains(RolloutGates.ErrorRate, outcome.Reason);
        var errorGate = Assert.Single(state.Gates, g => g.Metric == RolloutGates.ErrorRate);
        Assert.False(errorGate.Passed);
        Assert.True(errorGate.Value > 0.5, $"error rate {errorGate.Value}");
        Assert.Empty(traffic.Failures);
        var status = await host.Services.GetRequiredService<CanaryStatusClient>().GetStatusAsync("failing");
        var challenger = Assert.Single(status.Versions, v => v.Version == 2);
        Assert.True(challenger.Errors > 0);
    }

    [Fact]
    public async Task Operators_pause_resume_and_abort_a_rollout_and_roll_back_a_promotion_through_the_admin_endpoints()
    {
        var models = await CanaryModels.GetAsync();
        await using var host = await TestHost.StartAsync(azurite, Settings(shadow: "0", step: "01:00:00"));
        var registry = host.Services.GetRequiredService<ModelRegistryClient>();
        await CanaryModels.RegisterAsync(registry, "ops", models.Champion, "run-1", champion: true);
        var challenger = await CanaryModels.RegisterAsync(registry, "ops", models.Better, "run-2");
        var instanceId = await host.Durable.ScheduleNewOrchestrationInstanceAsync(CanaryRolloutOrchestration.Name,
            new StartRolloutRequest("ops", challenger, 1, "run-2"), StartRolloutActivity.InstanceId("ops", challenger));
        var rollout = registry.GetRolloutClient("ops");
        await WaitForStateAsync(rollout, s => s.Mode == RolloutMode.Canary);

        var byFunctionKey = await ControlAsync(host, "ops", "pause", host.Keys.Function);
        var pause = await ControlAsync(host, "ops", "pause", host.Keys.Master);
        var paused = await WaitForStateAsync(rollout, s => s.Mode == RolloutMode.Paused);
        var resume = await ControlAsync(host, "ops", "resume", host.Keys.Master);
        await WaitForStateAsync(rollout, s => s.Mode == RolloutMode.Canary);
        var abort = await ControlAsync(host, "ops", "abort", host.Keys.Master, "the survey team found a calibration error");
        var aborted = await rollout.GetStateAsync();
        var finished = await host.Durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true);
        var unknown = await ControlAsync(host, "ops", "explode", host.Keys.Master);

        Assert.Equal(HttpStatusCode.Unauthorized, byFunctionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, pause.StatusCode);
        Assert.Equal(10, paused.ChallengerWeight);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        Assert.Equal(HttpStatusCode.OK, abort.StatusCode);
        Assert.Equal(RolloutMode.RolledBack, aborted!.Mode);
        Assert.Contains("the survey team found a calibration error", aborted.History[^1].Reason);
        Assert.Equal("aborted", finished.ReadOutputAs<RolloutOutcome>()!.Outcome);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // A promoted challenger rolls back in one write: the previous champion serves again.
        var third = await CanaryModels.RegisterAsync(registry, "ops", models.Better, "run-3");
        await rollout.StartAsync(new RolloutStart { ChallengerVersion = third, InitialWeight = 100 });
        await registry.PromoteChallengerAsync("ops", third);
        await rollout.PromoteAsync("promoted by hand");
        var client = new InferenceClient(host, "ops");
        await host.Services.GetRequiredService<RolloutStateReader>().RefreshAsync("ops");
        var beforeRollback = await client.PredictAsync([models.Row(0)]);
        var rollback = await ControlAsync(host, "ops", "rollback", host.Keys.Master);
        var afterRollback = await client.PredictAsync([models.Row(0)]);

        Assert.Equal(third, beforeRollback.Version);
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(1, afterRollback.Version);
        Assert.Equal(1, (await registry.GetAliasesAsync("ops")).Champion);
    }

    private static async Task<(RolloutOutcome Outcome, RolloutState State, TrafficLoop Traffic)> RollOutAsync(TestHost host, CanaryModels models, string model, byte[] challengerModel)
    {
        var registry = host.Services.GetRequiredService<ModelRegistryClient>();
        await CanaryModels.RegisterAsync(registry, model, models.Champion, "run-1", champion: true);
        var challenger = await CanaryModels.RegisterAsync(registry, model, challengerModel, "run-2");
        var instanceId = await host.Durable.ScheduleNewOrchestrationInstanceAsync(CanaryRolloutOrchestration.Name,
            new StartRolloutRequest(model, challenger, 1, "run-2"), StartRolloutActivity.InstanceId(model, challenger));
        var traffic = new TrafficLoop(new InferenceClient(host, model), models);
        OrchestrationMetadata finished;
        await using (traffic)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            finished = await host.Durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
        }
        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);
        var state = await registry.GetRolloutClient(model).GetStateAsync();
        return (finished.ReadOutputAs<RolloutOutcome>()!, state!, traffic);
    }

    internal static async Task<RolloutState> WaitForStateAsync(ModelRolloutClient rollout, Func<RolloutState, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await rollout.GetStateAsync(deadline.Token) is { } state && condition(state))
            {
                return state;
            }
            await Task.Delay(20, deadline.Token);
        }
    }

    internal static Task<HttpResponseMessage> ControlAsync(TestHost host, string model, string action, string key, string? reason = null) =>
        host.Http.SendAsync(host.Request(HttpMethod.Post, $"/api/models/{model}/canary/{action}", key, reason is null ? null : JsonContent.Create(new { reason })));
}
