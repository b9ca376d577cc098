using System.Diagnostics;
using System.Globalization;
using MlOps.Storage.Local;

namespace MlOps.Jobs.Tests;

public sealed class LocalJobReattachTests
{
    [Fact]
    public async Task A_second_runner_on_the_same_records_follows_a_job_the_first_one_runs()
    {
        await using var harness = new JobHarness("observe");
        var request = harness.Request("shared", new TrialSpec { WaitForRelease = true });
        var started = await harness.Runner.StartAsync(request, harness.Timeout);
        await harness.WaitForPidAsync("shared");
        var second = harness.NewRunner();

        var seen = await second.GetStatusAsync("shared", harness.Timeout);
        var again = await second.StartAsync(request, harness.Timeout);
        var waiting = second.WaitForCompletionAsync("shared", harness.Timeout);
        harness.Release("shared");
        var outcome = await waiting;

        Assert.Equal((JobState.Running, started.ProcessId), (seen!.State, seen.ProcessId));
        Assert.Equal(JobState.Running, again.State);
        Assert.Equal(JobState.Succeeded, outcome.State);
        Outcomes.AssertSame(outcome, await harness.Runner.WaitForCompletionAsync("shared", harness.Timeout));
        Assert.Equal(1, harness.StartCount("shared"));
    }

    [Fact]
    public async Task A_second_runner_can_stop_a_job_the_first_one_runs()
    {
        await using var harness = new JobHarness("observe-stop");
        await harness.Runner.StartAsync(harness.Request("shared", new TrialSpec { WaitForRelease = true, SpawnChild = true }), harness.Timeout);
        var pid = await harness.WaitForPidAsync("shared");
        var child = await harness.WaitForChildPidAsync("shared");

        var stopped = await harness.NewRunner().StopAsync("shared", harness.Timeout);

        Assert.Equal(JobState.Stopped, stopped.State);
        Assert.False(LiveProcesses.IsAlive(pid) || LiveProcesses.IsAlive(child));
        Outcomes.AssertSame(stopped, await harness.Runner.WaitForCompletionAsync("shared", harness.Timeout));
    }

    [Fact]
    public async Task After_its_host_is_killed_a_new_runner_adopts_the_running_job_and_starts_the_waiting_one()
    {
        await using var harness = new JobHarness("host-crash", options => options.Slots = 1);
        var spec = new TrialSpec { WaitForRelease = true };
        var running = harness.Request("running", spec);
        var waiting = harness.Request("waiting", spec);
        var host = await StartHostAsync(harness, slots: 1, running, waiting);
        var pid = await harness.WaitForPidAsync("running");

        Assert.True(ProcessSignals.Send(host.Id, ProcessSignals.SigKill));
        await host.WaitForExitAsync(harness.Timeout);
        Assert.True(LiveProcesses.IsAlive(pid), "the job outlives its host");

        var runner = harness.NewRunner();
        var adopted = await runner.StartAsync(running, harness.Timeout);
        var queued = await runner.GetStatusAsync("waiting", harness.Timeout);
        Assert.Equal(JobState.Running, adopted.State);
        Assert.Equal(JobState.Pending, queued!.State);
        Assert.False(harness.HasStarted("waiting"), "the adopted job still holds the only slot");

        harness.Release("running");
        var first = await runner.WaitForCompletionAsync("running", harness.Timeout);
        await harness.WaitForPidAsync("waiting");
        harness.Release("waiting");
        var second = await runner.WaitForCompletionAsync("waiting", harness.Timeout);

        Assert.Equal((JobState.Succeeded, 0), (first.State, first.ExitCode));
        Assert.Equal((JobState.Succeeded, 0), (second.State, second.ExitCode));
        Assert.Equal(1, harness.StartCount("running"));
        Assert.Equal(1, harness.StartCount("waiting"));
    }

    [Fact]
    public async Task A_job_whose_processes_vanished_with_its_host_is_reported_lost()
    {
        await using var harness = new JobHarness("lost");
        var request = harness.Request("vanished", new TrialSpec { WaitForRelease = true });
        var host = await StartHostAsync(harness, slots: 1, request);
        var pid = await harness.WaitForPidAsync("vanished");
        var group = ProcessGroupOf(pid);

        // As if the machine went down: the host and the job's whole process group die at once.
        ProcessSignals.Send(host.Id, ProcessSignals.SigKill);
        ProcessSignals.Send(-group, ProcessSignals.SigKill);
        await host.WaitForExitAsync(harness.Timeout);
        await harness.Until(() => !LiveProcesses.IsAlive(pid), "the job's process to die");

        var outcome = await harness.NewRunner().WaitForCompletionAsync("vanished", harness.Timeout);

        Assert.Equal(JobState.Lost, outcome.State);
        Assert.Null(outcome.ExitCode);
        Assert.Contains("no exit status", outcome.Message);
    }

    private static async Task<Process> StartHostAsync(JobHarness harness, int slots, params JobRequest[] requests)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { JobHarness.TestJobAssembly, "host", harness.StateDirectory, slots.ToString(CultureInfo.InvariantCulture) }
                     .Concat(requests.Select(request => $"{request.JobId}={request.SpecLocation}")))
        {
            start.ArgumentList.Add(argument);
        }
        var host = Process.Start(start)!;
        while (await host.StandardOutput.ReadLineAsync(harness.Timeout) is { } line)
        {
            if (line == "started")
            {
                return host;
            }
        }
        throw new InvalidOperationException($"The host exited before starting its jobs: {await host.StandardError.ReadToEndAsync()}");
    }

    private static int ProcessGroupOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2], CultureInfo.InvariantCulture);
    }
}
