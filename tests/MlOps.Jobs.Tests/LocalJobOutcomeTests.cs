using MlOps.Storage.Local;

namespace MlOps.Jobs.Tests;

public sealed class LocalJobOutcomeTests
{
    [Fact]
    public async Task A_job_that_exits_zero_succeeds_and_sees_its_spec_id_and_environment()
    {
        await using var harness = new JobHarness("success");
        var request = harness.Request("sweep1-trial1", new TrialSpec
        {
            ReportEnvironment = ["MLOPS_JOB_ID", "MLOPS_TRIAL_SPEC", "MLOPS_JOB_TIMEOUT_SECONDS", "CUDA_VISIBLE_DEVICES", "TRACEPARENT"],
        }, timeout: TimeSpan.FromMinutes(5), environment: new() { ["TRACEPARENT"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" });

        var status = await harness.Runner.RunAsync(request, harness.Timeout);

        Assert.Equal(JobState.Succeeded, status.State);
        Assert.Equal(0, status.ExitCode);
        Assert.Equal("cpu", status.Placement);
        Assert.True(status.StartedAt <= status.EndedAt);
        var environment = harness.ReportedEnvironment("sweep1-trial1");
        Assert.Equal("sweep1-trial1", environment["MLOPS_JOB_ID"]);
        Assert.Equal(request.SpecLocation, environment["MLOPS_TRIAL_SPEC"]);
        Assert.Equal("300", environment["MLOPS_JOB_TIMEOUT_SECONDS"]);
        Assert.Equal("", environment["CUDA_VISIBLE_DEVICES"]);
        Assert.Equal(request.Environment["TRACEPARENT"], environment["TRACEPARENT"]);
    }

    [Fact]
    public async Task A_job_that_exits_non_zero_fails_with_its_exit_code_and_last_twenty_stderr_lines()
    {
        await using var harness = new JobHarness("failure");
        var request = harness.Request("bad", new TrialSpec { StandardErrorLines = 25, ExitCode = 3 });

        var status = await harness.Runner.RunAsync(request, harness.Timeout);

        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal(3, status.ExitCode);
        Assert.Equal("exit code 3", status.Message);
        Assert.Equal(Enumerable.Range(6, 20).Select(line => $"stderr line {line}"), status.StandardErrorTail);
    }

    [Fact]
    public async Task A_job_killed_with_SIGKILL_by_someone_else_fails_once_and_never_runs_again()
    {
        await using var harness = new JobHarness("sigkill");
        var request = harness.Request("victim", new TrialSpec { StandardErrorLines = 2, WaitForRelease = true });
        await harness.Runner.StartAsync(request, harness.Timeout);
        var pid = await harness.WaitForPidAsync("victim");

        Assert.True(ProcessSignals.Send(pid, ProcessSignals.SigKill));
        var outcome = await harness.Runner.WaitForCompletionAsync("victim", harness.Timeout);

        Assert.Equal(JobState.Failed, outcome.State);
        Assert.Equal(137, outcome.ExitCode);
        Assert.Contains("SIGKILL", outcome.Message);
        Assert.Equal(["stderr line 1", "stderr line 2"], outcome.StandardErrorTail.Take(2));
        Assert.False(LiveProcesses.IsAlive(pid));
        // However and by whomever it is asked about again, it is the same single failure.
        Outcomes.AssertSame(outcome, await harness.Runner.WaitForCompletionAsync("victim", harness.Timeout));
        Outcomes.AssertSame(outcome, await harness.Runner.GetStatusAsync("victim", harness.Timeout));
        Outcomes.AssertSame(outcome, await harness.Runner.StartAsync(request, harness.Timeout));
        var anotherHost = harness.NewRunner();
        Outcomes.AssertSame(outcome, await anotherHost.StartAsync(request, harness.Timeout));
        Outcomes.AssertSame(outcome, await anotherHost.StopAsync("victim", harness.Timeout));
        Assert.Equal(1, harness.StartCount("victim"));
    }

    [Fact]
    public async Task A_command_that_does_not_exist_fails_with_the_shells_127_and_its_message()
    {
        await using var harness = new JobHarness("missing", options =>
        {
            options.Command = "/nonexistent/mlops-trainer";
            options.Arguments = ["{spec}"];
        });

        var status = await harness.Runner.RunAsync(new JobRequest("missing", "/tmp/spec.json"), harness.Timeout);

        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal(127, status.ExitCode);
        Assert.Contains(status.StandardErrorTail, line => line.Contains("/nonexistent/mlops-trainer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_job_id_names_one_job_only_and_unknown_ids_are_reported_as_such()
    {
        await using var harness = new JobHarness("ids");
        var first = harness.Request("trial-7", new TrialSpec());
        await harness.Runner.RunAsync(first, harness.Timeout);

        var clash = await Assert.ThrowsAsync<JobRunnerException>(() => harness.Runner.StartAsync(new JobRequest("trial-7", "/elsewhere/spec.json")));
        Assert.Equal(409, clash.Status);
        Assert.Equal(JobRunnerException.JobIdInUse, clash.ErrorCode);
        Assert.Contains("trial-7", clash.Message);

        Assert.Null(await harness.Runner.GetStatusAsync("never-started"));
        var unknown = await Assert.ThrowsAsync<JobRunnerException>(() => harness.Runner.WaitForCompletionAsync("never-started"));
        Assert.Equal(404, unknown.Status);
        var invalid = Assert.Throws<ArgumentException>(() => new JobRequest("../escape", "spec.json"));
        Assert.Contains("'../escape'", invalid.Message);
    }

    [Fact]
    public async Task A_damaged_job_record_is_reported_by_file_and_does_not_stop_other_jobs()
    {
        await using var harness = new JobHarness("damaged");
        var folder = Directory.CreateDirectory(Path.Combine(harness.StateDirectory, "damaged-job")).FullName;
        File.WriteAllText(Path.Combine(folder, "request.json"), "{ \"jobId\": \"damaged-job\", ");

        var damaged = await Assert.ThrowsAsync<JobRunnerException>(() => harness.Runner.GetStatusAsync("damaged-job"));
        var healthy = await harness.Runner.RunAsync(harness.Request("healthy", new TrialSpec()), harness.Timeout);

        Assert.Equal("CorruptJobRecord", damaged.ErrorCode);
        Assert.Contains(Path.Combine(folder, "request.json"), damaged.Message);
        Assert.Equal(JobState.Succeeded, healthy.State);
    }
}
