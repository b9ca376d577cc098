using MlOps.Learning.Sweeps;
using MlOps.Storage.Local;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

public sealed class SweepTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_trial_killed_with_SIGKILL_is_a_failed_trial_and_the_sweep_goes_on()
    {
        var harness = new SweepHarness("sigkill");
        await using var host = await TestHost.StartAsync(azurite, harness.Settings(), stateDirectory: harness.State);
        var request = SweepHarness.Request("sweep-sigkill", SweepHarness.Spec(1, 1, "none", "curve:0.7,0.8", "hold:0.5", "curve:0.75,0.85"));

        var running = SweepHarness.RunAsync(host.Durable, request);
        var pid = await harness.WaitForPidAsync("t002");
        ProcessSignals.Send(pid, ProcessSignals.SigKill);
        var result = await running;

        Assert.Equal("Completed", result.Status);
        Assert.Equal(["t001", "t002", "t003"], result.Trials.Select(t => t.TrialId));
        var killed = result.Trials.Single(t => t.TrialId == "t002");
        Assert.Equal(TrialStatus.Failed, killed.Status);
        Assert.Contains("137", killed.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Failed);
        Assert.Equal("t003", result.Best!.TrialId);
        Assert.Equal(0.85, result.Best.Objective);
    }

    [Fact]
    public async Task More_failures_than_maxFailedTrials_fail_the_sweep_with_that_reason()
    {
        var harness = new SweepHarness("maxfailed");
        await using var host = await TestHost.StartAsync(azurite, harness.Settings(), stateDirectory: harness.State);

        var result = await SweepHarness.RunAsync(host.Durable, SweepHarness.Request("sweep-maxfailed", SweepHarness.Spec(1, 1, "none", "fail:a", "fail:b", "curve:0.9")));

        Assert.Equal("Failed", result.Status);
        Assert.Contains("2 trials failed, more than maxFailedTrials (1)", result.Reason, StringComparison.Ordinal);
        Assert.Contains("synthetic failure", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, harness.Starts("t003"));
    }

    [Fact]
    public async Task Median_stopping_kills_a_weak_trial_and_counts_it_as_stopped()
    {
        var harness = new SweepHarness("median");
        await using var host = await TestHost.StartAsync(azurite, harness.Settings(), stateDirectory: harness.State);
        var spec = SweepHarness.Spec(1, 1, "{ algorithm: median, minTrialsRequired: 2, startStep: 2 }",
            "curve:0.8,0.85,0.9", "curve:0.82,0.86,0.91", "hold:0.3,0.31", "curve:0.7,0.9,0.95");

        var result = await SweepHarness.RunAsync(host.Durable, SweepHarness.Request("sweep-median", spec));

        var weak = result.Trials.Single(t => t.TrialId == "t003");
        Assert.Equal(TrialStatus.EarlyStopped, weak.Status);
        Assert.Contains("median 0.855", weak.Message, StringComparison.Ordinal);
        Assert.False(SweepHarness.IsAlive(await harness.WaitForPidAsync("t003")));
        Assert.Equal(1, result.Stopped);
        Assert.Equal(TrialStatus.Succeeded, result.Trials.Single(t => t.TrialId == "t004").Status);
        var status = await host.Durable.GetInstanceAsync("sweep-median");
        Assert.Contains("\"stopped\":1", status!.SerializedCustomStatus, StringComparison.Ordinal);
    }
}
