namespace MlOps.Jobs.Tests;

public sealed class LocalJobStoppingTests
{
    [Fact]
    public async Task A_job_over_its_timeout_is_killed_with_its_whole_process_group()
    {
        await using var harness = new JobHarness("timeout");
        var request = harness.Request("slow", new TrialSpec { WaitForRelease = true, SpawnChild = true }, timeout: TimeSpan.FromSeconds(2));

        var status = await harness.Runner.RunAsync(request, harness.Timeout);

        Assert.Equal(JobState.TimedOut, status.State);
        Assert.Null(status.ExitCode);
        Assert.Contains("timeout of 2 s", status.Message);
        Assert.Empty(LiveProcesses.JobsWithLiveProcesses(["slow"]));
        Assert.False(LiveProcesses.IsAlive(status.ProcessId!.Value));
    }

    [Fact]
    public async Task Stopping_a_running_job_kills_it_and_its_children()
    {
        await using var harness = new JobHarness("stop");
        var request = harness.Request("weak-trial", new TrialSpec { WaitForRelease = true, SpawnChild = true });
        await harness.Runner.StartAsync(request, harness.Timeout);
        var pid = await harness.WaitForPidAsync("weak-trial");
        var child = await harness.WaitForChildPidAsync("weak-trial");
        Assert.True(LiveProcesses.IsAlive(pid) && LiveProcesses.IsAlive(child));

        var status = await harness.Runner.StopAsync("weak-trial", harness.Timeout);

        Assert.Equal(JobState.Stopped, status.State);
        Assert.False(LiveProcesses.IsAlive(pid));
        Assert.False(LiveProcesses.IsAlive(child));
        Assert.Empty(LiveProcesses.JobsWithLiveProcesses(["weak-trial"]));
        Outcomes.AssertSame(status, await harness.Runner.WaitForCompletionAsync("weak-trial", harness.Timeout));
    }

    [Fact]
    public async Task A_job_stopped_while_it_waits_for_a_slot_never_starts()
    {
        await using var harness = new JobHarness("stop-pending", options => options.Slots = 1);
        await harness.Runner.StartAsync(harness.Request("holder", new TrialSpec { WaitForRelease = true }), harness.Timeout);
        var queued = await harness.Runner.StartAsync(harness.Request("queued", new TrialSpec()), harness.Timeout);
        Assert.Equal(JobState.Pending, queued.State);

        var stopped = await harness.Runner.StopAsync("queued", harness.Timeout);
        harness.Release("holder");
        await harness.Runner.WaitForCompletionAsync("holder", harness.Timeout);

        Assert.Equal(JobState.Stopped, stopped.State);
        Assert.Equal("stopped before it started", stopped.Message);
        Assert.Equal(0, harness.StartCount("queued"));
        Outcomes.AssertSame(stopped, await harness.Runner.GetStatusAsync("queued", harness.Timeout));
    }

    [Fact]
    public async Task Cancelling_RunAsync_stops_the_job()
    {
        await using var harness = new JobHarness("cancel");
        using var cancellation = new CancellationTokenSource();
        var run = harness.Runner.RunAsync(harness.Request("cancelled", new TrialSpec { WaitForRelease = true }), cancellation.Token);
        var pid = await harness.WaitForPidAsync("cancelled");

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var status = await harness.Runner.GetStatusAsync("cancelled", harness.Timeout);
        Assert.Equal(JobState.Stopped, status!.State);
        Assert.False(LiveProcesses.IsAlive(pid));
    }
}
