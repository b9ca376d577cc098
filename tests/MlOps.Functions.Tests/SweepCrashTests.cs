using System.Globalization;
using MlOps.Durable;
using MlOps.Durable.Stores;
using MlOps.Functions.Pipeline;
using MlOps.Learning.Sweeps;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

public sealed class SweepCrashTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_sweep_resumes_after_its_host_is_killed_without_rerunning_or_double_counting_trials()
    {
        var harness = new SweepHarness("sweep-crash");
        var request = SweepHarness.Request("sweep-crash", SweepHarness.Spec(2, 0, "none", "curve:0.7", "hold:0.8", "curve:0.75", "curve:0.72"));
        var durable = new DurableTaskClient(new SqliteOrchestrationStore($"Data Source={Path.Combine(harness.State, "durable", "MlOpsHub.sqlite")}", "MlOpsHub"));
        var trials = azurite.CreateServiceClient().GetBlobContainerClient("trials");

        await using (var first = await HostProcess.StartAsync(azurite, harness.State, harness.Settings()))
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(SweepOrchestration.Name, request, new StartOrchestrationOptions(request.SweepId));
            await harness.WaitForPidAsync("t002");
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!await trials.GetBlobClient("sweep-crash/t001/metrics.json").ExistsAsync(deadline.Token))
            {
                await Task.Delay(50, deadline.Token);
            }
            await first.KillAsync();
        }
        var held = await harness.WaitForPidAsync("t002");
        Assert.True(SweepHarness.IsAlive(held), "the held trial should outlive its host");

        await using var second = await HostProcess.StartAsync(azurite, harness.State, harness.Settings());
        harness.Release("t002");
        var done = await durable.WaitForInstanceCompletionAsync(request.SweepId, getInputsAndOutputs: true);
        var result = done.ReadOutputAs<SweepResult>()!;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["t001", "t002", "t003", "t004"], result.Trials.Select(t => t.TrialId).Order());
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Succeeded, t.Status));
        Assert.All(["t001", "t002", "t003", "t004"], t => Assert.Equal(1, harness.Starts(t)));
        Assert.Equal("t002", result.Best!.TrialId);
    }
}
