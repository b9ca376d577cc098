using MlOps.Jobs.ContainerApps;

namespace MlOps.Jobs.Tests;

public sealed class ContainerAppsJobRunnerTests
{
    private const string Spec = "https://mlopsdata.blob.core.windows.net/sweeps/bedford-2018/trial-4/spec.json";

    private static JobRequest Request(string jobId = "bedford-2018-sweep-trial-4", TimeSpan? timeout = null) =>
        new(jobId, Spec)
        {
            Timeout = timeout,
            RequiresGpu = true,
            Environment = new Dictionary<string, string> { ["TRACEPARENT"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
        };

    [Fact]
    public async Task Starting_sends_the_jobs_own_containers_with_the_trial_environment_and_follows_the_execution_to_success()
    {
        await using var arm = await FakeArm.StartAsync();
        var credential = new FixedTokenCredential(FakeArm.Token);
        var runner = new ContainerAppsJobRunner(arm.RunnerOptions(), credential, arm.ClientOptions());

        var started = await runner.StartAsync(Request(timeout: TimeSpan.FromMinutes(90)));

        Assert.Equal(JobState.Running, started.State);
        var execution = Assert.Single(arm.ExecutionNames);
        Assert.Equal(execution, started.Placement);
        var start = Assert.Single(arm.Requests, r => r.Method == "POST");
        Assert.Equal($"{FakeArm.JobPath}/start", start.Path);
        Assert.Equal("2024-03-01", start.ApiVersion);
        Assert.Equal($"Bearer {FakeArm.Token}", start.Authorization);
        var container = Assert.Single(start.Json["containers"]!.AsArray())!.AsObject();
        Assert.Equal("mlopsacr.azurecr.io/mlops-trainer:1.4.0", container["image"]!.GetValue<string>());
        Assert.Equal("56Gi", container["resources"]!["memory"]!.GetValue<string>());
        Assert.Null(container["probes"]); // not part of a job execution container
        var environment = container["env"]!.AsArray().Select(v => v!.AsObject()).ToArray();
        string? Value(string name) => environment.Single(v => v["name"]!.GetValue<string>() == name)["value"]?.GetValue<string>();
        Assert.Equal(Spec, Value("MLOPS_TRIAL_SPEC"));
        Assert.Equal("bedford-2018-sweep-trial-4", Value("MLOPS_JOB_ID"));
        Assert.Equal("5400", Value("MLOPS_JOB_TIMEOUT_SECONDS"));
        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", Value("TRACEPARENT"));
        Assert.Equal("storage-connection", environment.Single(v => v["name"]!.GetValue<string>() == "AzureWebJobsStorage")["secretRef"]!.GetValue<string>());
        Assert.All(credential.Scopes, scope => Assert.Equal(new Uri(arm.Endpoint, "/.default").ToString(), scope));

        var waiting = runner.WaitForCompletionAsync("bedford-2018-sweep-trial-4");
        Assert.Equal(JobState.Running, (await runner.GetStatusAsync("bedford-2018-sweep-trial-4"))!.State);
        arm.Finish(execution, "Succeeded");
        var outcome = await waiting;

        Assert.Equal(JobState.Succeeded, outcome.State);
        Assert.NotNull(outcome.EndedAt);
        Assert.All(arm.Requests, r => Assert.Equal(("2024-03-01", $"Bearer {FakeArm.Token}"), (r.ApiVersion, r.Authorization)));
        Assert.Contains(arm.Requests, r => r.Method == "GET" && r.Path == $"{FakeArm.JobPath}/executions/{execution}");
    }

    [Fact]
    public async Task A_failed_execution_is_a_failed_job_that_points_at_its_logs()
    {
        await using var arm = await FakeArm.StartAsync();
        var runner = arm.NewRunner();
        var started = await runner.StartAsync(Request());

        arm.Finish(started.Placement!, "Failed");
        var outcome = await runner.WaitForCompletionAsync(started.JobId);

        Assert.Equal(JobState.Failed, outcome.State);
        Assert.Null(outcome.ExitCode);
        Assert.Contains("Log Analytics", outcome.Message);
        Assert.Contains(started.Placement!, outcome.Message);
    }

    [Fact]
    public async Task Stopping_posts_to_the_executions_stop_and_reports_the_job_stopped()
    {
        await using var arm = await FakeArm.StartAsync();
        var runner = arm.NewRunner();
        var started = await runner.StartAsync(Request());

        var stopped = await runner.StopAsync(started.JobId);

        Assert.Equal(JobState.Stopped, stopped.State);
        Assert.Equal("Stopped", arm.Status(started.Placement!));
        Assert.Single(arm.Requests, r => r.Method == "POST" && r.Path == $"{FakeArm.JobPath}/executions/{started.Placement}/stop");
        Outcomes.AssertSame(stopped, await runner.StopAsync(started.JobId));
    }

    [Fact]
    public async Task An_execution_past_its_timeout_is_stopped_and_timed_out()
    {
        await using var arm = await FakeArm.StartAsync();
        arm.BackdateStarts = TimeSpan.FromHours(2);
        var runner = arm.NewRunner();
        var started = await runner.StartAsync(Request(timeout: TimeSpan.FromHours(1)));

        var outcome = await runner.WaitForCompletionAsync(started.JobId);

        Assert.Equal(JobState.TimedOut, outcome.State);
        Assert.Equal("Stopped", arm.Status(started.Placement!));
        Outcomes.AssertSame(outcome, await arm.NewRunner().GetStatusAsync(started.JobId));
    }

    [Fact]
    public async Task Throttled_requests_are_retried_after_Retry_After_and_start_exactly_one_execution()
    {
        await using var arm = await FakeArm.StartAsync();
        arm.Throttle("POST", "/start$", times: 1);
        arm.Throttle("GET", "/executions/[^/]+$", times: 1);
        var runner = arm.NewRunner();

        var started = await runner.StartAsync(Request());

        Assert.Equal(JobState.Running, started.State);
        Assert.Single(arm.ExecutionNames);
        Assert.Equal(2, arm.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/start", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(StartAnswer.AcceptedWithLocation, "containerappsjobOperationResults")]
    [InlineData(StartAnswer.AcceptedWithAsyncOperation, "containerappsjobOperationStatuses")]
    public async Task A_start_answered_202_is_followed_to_its_execution(StartAnswer answer, string operationPath)
    {
        await using var arm = await FakeArm.StartAsync();
        arm.StartAnswer = answer;
        var runner = arm.NewRunner();

        var started = await runner.StartAsync(Request());

        Assert.Equal(JobState.Running, started.State);
        Assert.Equal(Assert.Single(arm.ExecutionNames), started.Placement);
        Assert.Equal(2, arm.Requests.Count(r => r.Path.Contains(operationPath, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_new_host_finds_the_execution_by_its_job_id_and_does_not_start_another()
    {
        await using var arm = await FakeArm.StartAsync();
        var first = arm.NewRunner();
        await first.StartAsync(Request("other-trial"));
        var started = await first.StartAsync(Request());
        await first.StartAsync(Request("third-trial"));

        var afterRestart = arm.NewRunner();
        var again = await afterRestart.StartAsync(Request());
        var waiting = afterRestart.WaitForCompletionAsync(started.JobId);
        arm.Finish(started.Placement!, "Succeeded");

        Assert.Equal((JobState.Running, started.Placement), (again.State, again.Placement));
        Assert.Equal(JobState.Succeeded, (await waiting).State);
        Assert.Equal(3, arm.ExecutionNames.Count);
        Assert.Equal(3, arm.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/start", StringComparison.Ordinal)));
        Assert.Null(await arm.NewRunner().GetStatusAsync("never-started"));
        var clash = await Assert.ThrowsAsync<JobRunnerException>(() => afterRestart.StartAsync(new JobRequest(started.JobId, "https://elsewhere/spec.json")));
        Assert.Equal(409, clash.Status);
    }

    [Fact]
    public async Task A_refusal_names_the_job_its_resource_group_and_what_permission_is_missing()
    {
        await using var arm = await FakeArm.StartAsync();
        arm.Forbidden = true;

        var refused = await Assert.ThrowsAsync<JobRunnerException>(() => arm.NewRunner().StartAsync(Request()));

        Assert.Equal(403, refused.Status);
        Assert.Equal("AuthorizationFailed", refused.ErrorCode);
        Assert.Contains($"Container Apps Job '{FakeArm.JobName}'", refused.Message);
        Assert.Contains($"resource group '{FakeArm.ResourceGroup}'", refused.Message);
        Assert.Contains("Microsoft.App/jobs/start/action", refused.Message);
        Assert.Empty(arm.ExecutionNames);
    }

    [Fact]
    public async Task A_wrong_token_or_a_missing_container_is_a_clear_error()
    {
        await using var arm = await FakeArm.StartAsync();
        var wrongToken = new ContainerAppsJobRunner(arm.RunnerOptions(), new FixedTokenCredential("stale"), arm.ClientOptions());
        var unauthorized = await Assert.ThrowsAsync<JobRunnerException>(() => wrongToken.StartAsync(Request()));
        Assert.Equal((401, "InvalidAuthenticationToken"), (unauthorized.Status, unauthorized.ErrorCode));
        Assert.Contains("ManagedIdentityClientId", unauthorized.Message);

        var options = arm.RunnerOptions();
        options.ContainerName = "trainer-gpu";
        var missing = await Assert.ThrowsAsync<JobRunnerException>(() => arm.NewRunner(options).StartAsync(Request()));
        Assert.Equal("ContainerNotFound", missing.ErrorCode);
        Assert.Contains("'trainer-gpu'", missing.Message);
        Assert.Contains("trainer", missing.Message);
    }

    [Fact]
    public void The_public_cloud_token_scope_is_ARMs()
    {
        Assert.Equal("https://management.azure.com/.default", new ContainerAppsJobsClientOptions().Scope);
        var plainHttp = new ContainerAppsJobRunnerOptions { SubscriptionId = "s", ResourceGroup = "r", JobName = "j", ArmEndpoint = new Uri("http://127.0.0.1:1") };
        var refused = Assert.Throws<InvalidOperationException>(() => new ContainerAppsJobRunner(plainHttp, new FixedTokenCredential("t")));
        Assert.Contains("MlOps:Jobs:ArmEndpoint", refused.Message);
    }
}
