using Azure.Core;
using MlOps.Registry.Rollout;
using MlOps.Testing;
using static MlOps.Registry.Tests.RegistryTestData;

namespace MlOps.Registry.Tests;

public sealed class RolloutTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A registry with versions 1 (champion) and 2 (challenger).</summary>
    private async Task<string> ChampionAndChallengerAsync()
    {
        var container = NewContainerName();
        var registry = Client(azurite, container);
        await registry.RegisterAsync("bedford", Registration("run-1"), Model(1));
        await registry.RegisterAsync("bedford", Registration("run-2"), Model(2));
        await registry.SetAliasAsync("bedford", ModelAlias.Champion, 1);
        await registry.SetAliasAsync("bedford", ModelAlias.Challenger, 2);
        return container;
    }

    [Fact]
    public async Task A_rollout_goes_from_shadow_through_the_weights_to_promotion_recording_every_change_and_gate()
    {
        var clock = new ManualTimeProvider(Start);
        var container = await ChampionAndChallengerAsync();
        var rollout = Client(azurite, container, clock: clock).GetRolloutClient("bedford");

        var shadow = await rollout.StartAsync(new RolloutStart { ChallengerVersion = 2, ShadowShare = 100, RolloutId = "retrain-bedford-2018" });
        Assert.Equal((RolloutMode.Shadow, (int?)1, (int?)2, 0.0, 100.0), (shadow.Mode, shadow.ChampionVersion, shadow.ChallengerVersion, shadow.ChallengerWeight, shadow.ShadowShare));
        var step = 0;
        foreach (var weight in new[] { 10.0, 25, 50, 100 })
        {
            clock.Advance(TimeSpan.FromMinutes(30));
            await rollout.RecordGateResultsAsync([GateResult.Evaluate(step, "errorRate", 0.001, 0.01, GateComparison.AtMost, clock.GetUtcNow())]);
            await rollout.SetWeightAsync(++step, weight, $"gate {step - 1} passed");
        }
        var promoted = await rollout.PromoteAsync("all gates passed");

        Assert.Equal((RolloutMode.Promoted, (int?)2, (int?)null, (int?)1, 0.0), (promoted.Mode, promoted.ChampionVersion, promoted.ChallengerVersion, promoted.PreviousChampionVersion, promoted.ChallengerWeight));
        Assert.Equal("retrain-bedford-2018", promoted.RolloutId);
        Assert.Equal(
            [(RolloutMode.Shadow, 0.0, 0.0), (RolloutMode.Canary, 0, 10), (RolloutMode.Canary, 10, 25), (RolloutMode.Canary, 25, 50), (RolloutMode.Canary, 50, 100), (RolloutMode.Promoted, 100, 0)],
            promoted.History.Select(h => (h.Mode, h.FromWeight, h.ToWeight)));
        Assert.Equal([0, 1, 2, 3, 4, 4], promoted.History.Select(h => h.StepIndex));
        Assert.Equal(Start + TimeSpan.FromHours(2), promoted.History[^1].At);
        Assert.Equal("all gates passed", promoted.History[^1].Reason);
        Assert.Equal(4, promoted.Gates.Count);
        Assert.All(promoted.Gates, g => Assert.True(g.Passed));
        var stored = (await Client(azurite, container).GetRolloutClient("bedford").GetStateAsync())!;
        Assert.Equal(promoted.ETag, stored.ETag);
        Assert.Equal(promoted.History.Count, stored.History.Count);
    }

    [Fact]
    public async Task Rollback_is_a_single_conditional_write_that_zeroes_the_weight_and_records_the_reason()
    {
        var container = await ChampionAndChallengerAsync();
        var setup = Client(azurite, container).GetRolloutClient("bedford");
        await setup.StartAsync(new RolloutStart { ChallengerVersion = 2, InitialWeight = 25, ShadowShare = 10 });
        var before = (await setup.GetStateAsync())!;
        var policy = new RecordingPolicy();
        var rollout = Client(azurite, container, policy).GetRolloutClient("bedford");
        var failing = GateResult.Evaluate(1, "agreement", 0.61, 0.9, GateComparison.AtLeast, DateTimeOffset.UtcNow);

        var rolledBack = await rollout.RollbackAsync("agreement 0.61 < 0.9 at step 1", [failing]);

        var writes = policy.Requests.Where(r => r.Method is "PUT" or "DELETE").ToList();
        var write = Assert.Single(writes);
        Assert.EndsWith("/bedford/rollout.json", write.Path, StringComparison.Ordinal);
        Assert.Equal(before.ETag.ToString("H"), write.IfMatch);
        Assert.Equal((RolloutMode.RolledBack, 0.0, 0.0, (int?)1, (int?)2), (rolledBack.Mode, rolledBack.ChallengerWeight, rolledBack.ShadowShare, rolledBack.ChampionVersion, rolledBack.ChallengerVersion));
        var last = rolledBack.History[^1];
        Assert.Equal((25.0, 0.0, "agreement 0.61 < 0.9 at step 1"), (last.FromWeight, last.ToWeight, last.Reason));
        Assert.False(Assert.Single(rolledBack.Gates).Passed);

        // Rolling back again (a retried command) writes nothing.
        policy.Clear();
        await rollout.RollbackAsync("again");
        Assert.DoesNotContain(policy.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task A_late_weight_change_cannot_undo_a_rollback()
    {
        var container = await ChampionAndChallengerAsync();
        var orchestration = Client(azurite, container).GetRolloutClient("bedford");
        var admin = Client(azurite, container).GetRolloutClient("bedford");
        await orchestration.StartAsync(new RolloutStart { ChallengerVersion = 2, InitialWeight = 10 });

        await admin.RollbackAsync("operator: wrong year's data");
        var refused = await Assert.ThrowsAsync<ModelRegistryException>(() => orchestration.SetWeightAsync(2, 25, "gate 1 passed"));

        Assert.Equal(409, refused.Status);
        Assert.Equal(ModelRegistryErrorCode.InvalidRolloutTransition, refused.ErrorCode);
        Assert.Contains("rolled back", refused.Message, StringComparison.Ordinal);
        var state = (await admin.GetStateAsync())!;
        Assert.Equal((RolloutMode.RolledBack, 0.0), (state.Mode, state.ChallengerWeight));
    }

    [Fact]
    public async Task Two_writers_changing_the_rollout_at_once_both_land()
    {
        var container = await ChampionAndChallengerAsync();
        await Client(azurite, container).GetRolloutClient("bedford").StartAsync(new RolloutStart { ChallengerVersion = 2, InitialWeight = 10 });
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var policy = new RecordingPolicy();
        policy.BeforeSend = async message =>
        {
            if (message.Request.Method == RequestMethod.Put && held.TrySetResult())
            {
                await release.Task;
            }
        };
        var gates = Client(azurite, container, policy).GetRolloutClient("bedford");
        var weights = Client(azurite, container).GetRolloutClient("bedford");

        var recording = gates.RecordGateResultsAsync([GateResult.Evaluate(1, "p95LatencyMs", 4.2, 20, GateComparison.AtMost, DateTimeOffset.UtcNow)]);
        await held.Task;
        await weights.SetWeightAsync(2, 25, "gate 1 passed");
        release.SetResult();
        await recording;

        var state = (await weights.GetStateAsync())!;
        Assert.Equal((25.0, 2), (state.ChallengerWeight, state.StepIndex));
        Assert.Equal("p95LatencyMs", Assert.Single(state.Gates).Metric);
        Assert.Equal([412, 201], policy.To("/rollout.json", "PUT").Select(r => r.Status));
    }

    [Fact]
    public async Task A_write_over_a_stale_etag_fails_with_rollout_changed_and_writes_nothing()
    {
        var container = await ChampionAndChallengerAsync();
        var rollout = Client(azurite, container).GetRolloutClient("bedford");
        var started = await rollout.StartAsync(new RolloutStart { ChallengerVersion = 2, InitialWeight = 10 });
        await rollout.SetWeightAsync(1, 25, "gate 0 passed");

        var stale = await Assert.ThrowsAsync<ModelRegistryException>(() =>
            rollout.UpdateAsync(s => s! with { ChallengerWeight = 90 }, ifMatch: started.ETag));

        Assert.Equal(412, stale.Status);
        Assert.Equal(ModelRegistryErrorCode.RolloutChanged, stale.ErrorCode);
        Assert.Equal(25, (await rollout.GetStateAsync())!.ChallengerWeight);
        var current = (await rollout.GetStateAsync())!;
        var updated = await rollout.UpdateAsync(s => s! with { ShadowShare = 5 }, ifMatch: current.ETag);
        Assert.Equal(5, updated.ShadowShare);
        Assert.NotEqual(current.ETag, updated.ETag);
    }

    [Fact]
    public async Task Pausing_freezes_the_weight_until_resumed_and_retried_steps_change_nothing()
    {
        var container = await ChampionAndChallengerAsync();
        var rollout = Client(azurite, container).GetRolloutClient("bedford");
        var started = await rollout.StartAsync(new RolloutStart { ChallengerVersion = 2, InitialWeight = 10, RolloutId = "r1" });
        Assert.Equal(started.ETag, (await rollout.StartAsync(new RolloutStart { ChallengerVersion = 2, InitialWeight = 10, RolloutId = "r1" })).ETag);

        var paused = await rollout.PauseAsync("operator pause");
        var whilePaused = await Assert.ThrowsAsync<ModelRegistryException>(() => rollout.SetWeightAsync(1, 25, "gate 0 passed"));
        var resumed = await rollout.ResumeAsync("operator resume");
        var stepped = await rollout.SetWeightAsync(1, 25, "gate 0 passed");
        var replayed = await rollout.SetWeightAsync(1, 25, "gate 0 passed");
        var late = await rollout.SetWeightAsync(0, 10, "an old step retried late");

        Assert.Equal((RolloutMode.Paused, 10.0), (paused.Mode, paused.ChallengerWeight));
        Assert.Equal(ModelRegistryErrorCode.InvalidRolloutTransition, whilePaused.ErrorCode);
        Assert.Equal(RolloutMode.Canary, resumed.Mode);
        Assert.Equal(stepped.ETag, replayed.ETag);
        Assert.Equal(stepped.ETag, late.ETag);
        Assert.Equal(25, late.ChallengerWeight);
        var another = await Assert.ThrowsAsync<ModelRegistryException>(() => rollout.StartAsync(new RolloutStart { ChallengerVersion = 1, ChampionVersion = 2 }));
        Assert.Contains("rollout of challenger 2 is in canary mode", another.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rolling_back_a_promotion_puts_the_previous_champion_back_in_one_write()
    {
        var container = await ChampionAndChallengerAsync();
        var rollout = Client(azurite, container).GetRolloutClient("bedford");
        await rollout.StartAsync(new RolloutStart { ChallengerVersion = 2, InitialWeight = 100 });
        await rollout.PromoteAsync("gates passed");
        var policy = new RecordingPolicy();

        var restored = await Client(azurite, container, policy).GetRolloutClient("bedford").RollbackAsync("errors after promotion");

        Assert.Single(policy.Requests, r => r.Method == "PUT");
        Assert.Equal((RolloutMode.RolledBack, (int?)1, (int?)2, (int?)null, 0.0),
            (restored.Mode, restored.ChampionVersion, restored.ChallengerVersion, restored.PreviousChampionVersion, restored.ChallengerWeight));
        Assert.Equal(1, CanaryRouter.Route(restored, "any-client")!.Value.Version);
    }

    [Fact]
    public async Task Bad_weights_and_unknown_versions_are_refused()
    {
        var container = await ChampionAndChallengerAsync();
        var rollout = Client(azurite, container).GetRolloutClient("bedford");

        var unknown = await Assert.ThrowsAsync<ModelRegistryException>(() => rollout.StartAsync(new RolloutStart { ChallengerVersion = 9 }));
        var tooHeavy = await Assert.ThrowsAsync<ModelRegistryException>(() => rollout.StartAsync(new RolloutStart { ChallengerVersion = 2, InitialWeight = 120 }));
        await rollout.StartAsync(new RolloutStart { ChallengerVersion = 2 });
        var nan = await Assert.ThrowsAsync<ModelRegistryException>(() => rollout.SetWeightAsync(1, double.NaN, "?"));

        Assert.Equal(ModelRegistryErrorCode.VersionNotFound, unknown.ErrorCode);
        Assert.Contains("InitialWeight is 120", tooHeavy.Message, StringComparison.Ordinal);
        Assert.Equal(400, nan.Status);
        Assert.Equal((RolloutMode.Shadow, 0.0), ((await rollout.GetStateAsync())!.Mode, (await rollout.GetStateAsync())!.ChallengerWeight));
    }
}
