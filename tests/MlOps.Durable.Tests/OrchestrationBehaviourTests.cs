using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Durable.Hosting;
using MlOps.Durable.Stores;
using MlOps.Testing;

namespace MlOps.Durable.Tests;

/// <summary>The programming model end to end on a real store, run once per store kind.</summary>
public abstract class OrchestrationBehaviourTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    protected abstract IStoreFactory Stores { get; }

    private string NewHub() => "hub" + Guid.NewGuid().ToString("N")[..10];

    private Task<DurableTestHost> StartAsync(string hub, Action<DurableTaskBuilder> register, Action<DurableTaskOptions>? configure = null,
        Action<IServiceCollection>? services = null, int payloadThreshold = 60 * 1024) =>
        DurableTestHost.StartAsync(() => Stores.Create(hub, payloadThreshold), register, configure, services);

    private static async Task<OrchestrationMetadata> CompletionOf(DurableTaskClient client, string id)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }

    [Fact]
    public async Task Fan_out_and_fan_in_sums_every_activity_result_and_answers_each_call_once()
    {
        await using var host = await StartAsync(NewHub(), b => b
            .AddOrchestratorFunc<int, long>("FanOut", async (context, count) =>
            {
                var results = await Task.WhenAll(Enumerable.Range(1, count).Select(i => context.CallActivityAsync<long>("Square", i)));
                return results.Sum();
            })
            .AddActivityFunc<int, long>("Square", (_, i) => Task.FromResult((long)i * i)));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 150);
        var done = await CompletionOf(host.Client, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 150).Sum(i => (long)i * i), done.ReadOutputAs<long>());
        var history = await host.Client.GetOrchestrationHistoryAsync(id);
        var completed = history.Where(e => e.EventType == HistoryEventType.TaskCompleted).Select(e => e.TaskId!.Value).ToList();
        Assert.Equal(150, completed.Count);
        Assert.Equal(150, completed.Distinct().Count());
        // The fan-in is batched: far fewer turns than completions.
        Assert.True(history.Count(e => e.EventType == HistoryEventType.OrchestratorStarted) < 150);
    }

    [Fact]
    public async Task A_sequence_passes_each_result_to_the_next_activity()
    {
        await using var host = await StartAsync(NewHub(), b => b
            .AddOrchestratorFunc<string, string>("Chain", async (context, start) =>
            {
                var text = start;
                for (var i = 0; i < 12; i++)
                {
                    text = await context.CallActivityAsync<string>("Append", $"{text}{i % 10}");
                }
                return text;
            })
            .AddActivityFunc<string, string>("Append", (_, s) => s + "."));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Chain", ">");
        var done = await CompletionOf(host.Client, id);
        Assert.Equal(">0.1.2.3.4.5.6.7.8.9.0.1.", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Sub_orchestrations_return_results_and_their_failures_reach_the_parent()
    {
        await using var host = await StartAsync(NewHub(), b => b
            .AddOrchestratorFunc<int, string>("Parent", async (context, n) =>
            {
                var doubled = await context.CallSubOrchestratorAsync<int>("Child", n);
                try
                {
                    await context.CallSubOrchestratorAsync<int>("Child", -1, new SubOrchestrationOptions(InstanceId: context.InstanceId + "-bad"));
                    return "no failure";
                }
                catch (TaskFailedException e)
                {
                    return $"{doubled};{e.FailureDetails.ErrorMessage}";
                }
            })
            .AddOrchestratorFunc<int, int>("Child", async (context, n) =>
            {
                if (n < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(n), "negative input");
                }
                return await context.CallActivityAsync<int>("Double", n);
            })
            .AddActivityFunc<int, int>("Double", (_, n) => n * 2));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent", 21);
        var done = await CompletionOf(host.Client, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.StartsWith("42;", done.ReadOutputAs<string>());
        Assert.Contains("negative input", done.ReadOutputAs<string>());
        var child = await host.Client.GetInstanceAsync(id + "-bad");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, child!.RuntimeStatus);
        Assert.Equal(id, child.ParentInstanceId);
    }

    [Fact]
    public async Task An_event_raised_before_the_orchestration_waits_for_it_is_not_lost()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartAsync(NewHub(), b => b
            .AddOrchestratorFunc<object?, string>("Approval", async (context, _) =>
            {
                await context.CallActivityAsync("Hold");
                return await context.WaitForExternalEvent<string>("approved");
            })
            .AddActivityFunc<object?, object?>("Hold", async (_, _) =>
            {
                holding.TrySetResult();
                await hold.Task;
                return null;
            }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Approval");
        await holding.Task.WaitAsync(Patience);
        await host.Client.RaiseEventAsync(id, "approved", "yes, by Ada");
        // Wait until the event is part of the history: it arrived while the code was still in the activity.
        using (var timeout = new CancellationTokenSource(Patience))
        {
            while (!(await host.Client.GetOrchestrationHistoryAsync(id)).Any(e => e.EventType == HistoryEventType.EventRaised))
            {
                await host.Services.GetRequiredService<Runtime.DurableTaskSignals>().NextUpdateOf(id).WaitAsync(timeout.Token);
            }
        }
        hold.SetResult();
        var done = await CompletionOf(host.Client, id);
        Assert.Equal("yes, by Ada", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Waiting_for_an_event_with_a_timeout_ends_with_TaskCanceledException_on_a_durable_timer()
    {
        await using var host = await StartAsync(NewHub(), b => b
            .AddOrchestratorFunc<object?, string>("Impatient", async (context, _) =>
            {
                try
                {
                    return await context.WaitForExternalEvent<string>("never", TimeSpan.FromMilliseconds(300));
                }
                catch (TaskCanceledException)
                {
                    return "timed out";
                }
            }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Impatient");
        var done = await CompletionOf(host.Client, id);
        Assert.Equal("timed out", done.ReadOutputAs<string>());
        var history = await host.Client.GetOrchestrationHistoryAsync(id);
        var created = history.Single(e => e.EventType == HistoryEventType.TimerCreated);
        var fired = history.Single(e => e.EventType == HistoryEventType.TimerFired);
        var firedTurn = history.TakeWhile(e => e != fired).Last(e => e.EventType == HistoryEventType.OrchestratorStarted);
        Assert.True(firedTurn.Timestamp >= created.FireAt, "the timer fired before its time");
    }

    [Fact]
    public async Task Retries_follow_the_policy_attempts_backoff_and_handle_predicate()
    {
        var attempts = new ConcurrentDictionary<string, int>();
        var policy = new RetryPolicy(3, TimeSpan.FromMilliseconds(150), backoffCoefficient: 2.0)
        {
            HandleFailure = failure => !failure.IsCausedBy<ArgumentException>(),
        };
        await using var host = await StartAsync(NewHub(), b => b
            .AddOrchestratorFunc<string, string>("Retrying", async (context, key) =>
                await context.CallActivityAsync<string>("Flaky", key, TaskOptions.FromRetryPolicy(policy)))
            .AddActivityFunc<string, string>("Flaky", (_, key) =>
            {
                var attempt = attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
                return key switch
                {
                    "twice" when attempt <= 2 => throw new InvalidOperationException($"transient failure {attempt}"),
                    "always" => throw new InvalidOperationException($"failure {attempt}"),
                    "fatal" => throw new ArgumentException("not retryable"),
                    _ => $"ok after {attempt}",
                };
            }));
        var twice = await host.Client.ScheduleNewOrchestrationInstanceAsync("Retrying", "twice");
        var always = await host.Client.ScheduleNewOrchestrationInstanceAsync("Retrying", "always");
        var fatal = await host.Client.ScheduleNewOrchestrationInstanceAsync("Retrying", "fatal");

        Assert.Equal("ok after 3", (await CompletionOf(host.Client, twice)).ReadOutputAs<string>());
        var history = await host.Client.GetOrchestrationHistoryAsync(twice);
        var failures = history.Where(e => e.EventType == HistoryEventType.TaskFailed).ToList();
        var timers = history.Where(e => e.EventType == HistoryEventType.TimerCreated).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Equal(2, timers.Count);
        // Each wait starts in the turn that saw the failure: 150 ms, then 300 ms (backoff 2).
        for (var i = 0; i < 2; i++)
        {
            var turn = history.TakeWhile(e => e != timers[i]).Last(e => e.EventType == HistoryEventType.OrchestratorStarted);
            Assert.Equal(TimeSpan.FromMilliseconds(150 * Math.Pow(2, i)), timers[i].FireAt!.Value - turn.Timestamp);
        }

        var failed = await CompletionOf(host.Client, always);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(3, attempts["always"]);
        Assert.Equal(typeof(TaskFailedException).FullName, failed.FailureDetails!.ErrorType);
        Assert.Contains("Flaky", failed.FailureDetails.ErrorMessage);
        Assert.Equal("failure 3", failed.FailureDetails.InnerFailure!.ErrorMessage);

        var notRetried = await CompletionOf(host.Client, fatal);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, notRetried.RuntimeStatus);
        Assert.Equal(1, attempts["fatal"]);
        Assert.True(notRetried.FailureDetails!.InnerFailure!.IsCausedBy<ArgumentException>());
    }

    [Fact]
    public async Task Terminate_ends_a_waiting_instance_and_purge_removes_it_with_its_history()
    {
        await using var host = await StartAsync(NewHub(), b => b
            .AddOrchestratorFunc<object?, string>("Forever", async (context, _) => await context.WaitForExternalEvent<string>("never")));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Forever", new { note = "waits" });
        await host.Client.WaitForInstanceStartAsync(id);
        Assert.Equal(0, (await host.Client.PurgeInstanceAsync(id)).PurgedInstanceCount); // running: not purged

        await host.Client.TerminateInstanceAsync(id, "operator stopped it");
        var done = await CompletionOf(host.Client, id);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("operator stopped it", done.ReadOutputAs<string>());
        var again = await Assert.ThrowsAsync<DurableTaskClientException>(() => host.Client.TerminateInstanceAsync(id, "again"));
        Assert.Equal(410, again.Status);

        Assert.Equal(1, (await host.Client.PurgeInstanceAsync(id)).PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(id));
        Assert.Empty(await host.Client.GetOrchestrationHistoryAsync(id));
        var missing = await Assert.ThrowsAsync<DurableTaskClientException>(() => host.Client.RaiseEventAsync(id, "never"));
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public async Task A_suspended_instance_keeps_events_and_applies_them_on_resume()
    {
        await using var host = await StartAsync(NewHub(), b => b
            .AddOrchestratorFunc<object?, string>("Pausable", async (context, _) =>
            {
                var first = await context.WaitForExternalEvent<string>("a");
                return first + "+" + await context.WaitForExternalEvent<string>("b");
            }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Pausable");
        await host.Client.WaitForInstanceStartAsync(id);
        await host.Client.SuspendInstanceAsync(id, "maintenance");
        await WaitForStatus(host, id, OrchestrationRuntimeStatus.Suspended);
        await host.Client.RaiseEventAsync(id, "a", "1");
        await host.Client.RaiseEventAsync(id, "b", "2");
        await WaitForHistory(host, id, h => h.Count(e => e.EventType == HistoryEventType.EventRaised) == 2);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);

        await host.Client.ResumeInstanceAsync(id);
        var done = await CompletionOf(host.Client, id);
        Assert.Equal("1+2", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_restarts_with_new_input_and_a_fresh_history()
    {
        await using var host = await StartAsync(NewHub(), b => b
            .AddOrchestratorFunc<int, int>("Counter", async (context, n) =>
            {
                var next = await context.CallActivityAsync<int>("Increment", n);
                if (next < 5)
                {
                    context.ContinueAsNew(next);
                }
                return next;
            })
            .AddActivityFunc<int, int>("Increment", (_, n) => n + 1));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Counter", 0);
        var done = await CompletionOf(host.Client, id);
        Assert.Equal(5, done.ReadOutputAs<int>());
        Assert.Equal(4, done.ReadInputAs<int>());
        var history = await host.Client.GetOrchestrationHistoryAsync(id);
        Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionStarted);
        Assert.Single(history, e => e.EventType == HistoryEventType.TaskScheduled);
    }

    [Fact]
    public async Task Starting_an_id_in_use_is_refused_or_deduplicated_and_concurrent_starts_create_one_run()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartAsync(NewHub(), b => b
            .AddOrchestratorFunc<int, int>("Once", async (context, n) =>
            {
                await context.WaitForExternalEvent<object?>("go");
                return n;
            }));
        var dedupe = new StartOrchestrationOptions("survey-bedford-2017-etag1") { DedupeStatuses = StartOrchestrationOptions.AllStatuses };
        var starts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Once", i, dedupe))));
        Assert.All(starts, id => Assert.Equal("survey-bedford-2017-etag1", id));
        var refused = await Assert.ThrowsAsync<DurableTaskClientException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Once", 99, new StartOrchestrationOptions("survey-bedford-2017-etag1")));
        Assert.Equal(409, refused.Status);

        await host.Client.RaiseEventAsync("survey-bedford-2017-etag1", "go");
        var first = await CompletionOf(host.Client, "survey-bedford-2017-etag1");
        var history = await host.Client.GetOrchestrationHistoryAsync("survey-bedford-2017-etag1");
        Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionStarted);

        // Finished: a deduplicated start keeps it; a plain start replaces it with a new run.
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Once", 100, dedupe);
        Assert.Equal(first.ReadOutputAs<int>(), (await host.Client.GetInstanceAsync("survey-bedford-2017-etag1", true))!.ReadOutputAs<int>());
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Once", 200, new StartOrchestrationOptions("survey-bedford-2017-etag1"));
        await host.Client.WaitForInstanceStartAsync("survey-bedford-2017-etag1");
        await host.Client.RaiseEventAsync("survey-bedford-2017-etag1", "go");
        Assert.Equal(200, (await CompletionOf(host.Client, "survey-bedford-2017-etag1")).ReadOutputAs<int>());
    }

    [Fact]
    public async Task Queries_filter_by_status_name_and_creation_time_and_page_with_continuation_tokens()
    {
        await using var host = await StartAsync(NewHub(), b => b
            .AddOrchestratorFunc<int, int>("Quick", (_, n) => Task.FromResult(n))
            .AddOrchestratorFunc<int, int>("Waiting", async (context, n) => await context.WaitForExternalEvent<int>("x")));
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var quick = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            quick.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("Quick", i));
        }
        var waiting = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting", 0);
        foreach (var id in quick)
        {
            await CompletionOf(host.Client, id);
        }
        await host.Client.WaitForInstanceStartAsync(waiting);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await host.Client.QueryInstancesPageAsync(new OrchestrationQuery { Name = "quick", PageSize = 2, ContinuationToken = token });
            seen.AddRange(page.Instances.Select(i => i.InstanceId));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(quick.Order(), seen.Order());

        var running = await host.Client.QueryInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running] }).ToListAsync();
        Assert.Equal(waiting, Assert.Single(running).InstanceId);
        Assert.Equal(6, (await host.Client.QueryInstancesAsync(new OrchestrationQuery { CreatedFrom = before }).ToListAsync()).Count);
        Assert.Empty(await host.Client.QueryInstancesAsync(new OrchestrationQuery { CreatedTo = before }).ToListAsync());
    }

    [Fact]
    public async Task Payloads_over_the_threshold_go_to_the_payload_store_and_purge_removes_them()
    {
        var big = new string('x', 5000);
        await using var host = await StartAsync(NewHub(), b => b
            .AddOrchestratorFunc<string, string>("Big", async (context, input) => await context.CallActivityAsync<string>("Echo", input + "!"))
            .AddActivityFunc<string, string>("Echo", (_, s) => s),
            payloadThreshold: 1000);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Big", big);
        var done = await CompletionOf(host.Client, id);
        Assert.Equal(big + "!", done.ReadOutputAs<string>());
        Assert.Equal(big, done.ReadInputAs<string>());
        var files = Directory.GetFiles(Stores.PayloadDirectory, "*", SearchOption.AllDirectories);
        Assert.True(files.Length >= 4, $"expected input, activity input, results and history offloaded, found {files.Length} payloads");
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 1000));
        await host.Client.PurgeInstanceAsync(id);
        Assert.Empty(Directory.GetFiles(Stores.PayloadDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Activities_get_constructor_injected_services_and_custom_status_is_visible_while_running()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartAsync(NewHub(), b => b
            .AddActivity<GreetingActivity>()
            .AddOrchestratorFunc<string, string>("Greet", async (context, name) =>
            {
                context.SetCustomStatus(new { step = "greeting" });
                var greeting = await context.CallActivityAsync<string>(nameof(GreetingActivity), name);
                context.SetCustomStatus(new { step = "waiting" });
                await context.WaitForExternalEvent<object?>("done");
                return greeting;
            }),
            services: s => s.AddSingleton(new GreetingService("Hello")));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Greet", "Bedford");
        await WaitForHistory(host, id, h => h.Any(e => e.EventType == HistoryEventType.TaskCompleted));
        var running = await host.Client.GetInstanceAsync(id);
        Assert.Equal("waiting", running!.ReadCustomStatusAs<System.Text.Json.JsonElement>().GetProperty("step").GetString());
        await host.Client.RaiseEventAsync(id, "done");
        Assert.Equal("Hello, Bedford", (await CompletionOf(host.Client, id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Changed_orchestration_code_is_detected_as_non_deterministic_naming_the_orchestration_and_event()
    {
        var hub = NewHub();
        string id;
        await using (var first = await StartAsync(hub, b => b
            .AddOrchestratorFunc<object?, string>("Shipping", async (context, _) =>
            {
                await context.CallActivityAsync<string>("Pack");
                return await context.WaitForExternalEvent<string>("shipped");
            })
            .AddActivityFunc<object?, string>("Pack", (_, _) => "packed")))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Shipping");
            await WaitForHistory(first, id, h => h.Any(e => e.EventType == HistoryEventType.TaskCompleted));
        }
        // A new deployment changed the order of calls while the instance was waiting.
        await using var second = await StartAsync(hub, b => b
            .AddOrchestratorFunc<object?, string>("Shipping", async (context, _) =>
            {
                await context.CallActivityAsync<string>("Weigh");
                await context.CallActivityAsync<string>("Pack");
                return await context.WaitForExternalEvent<string>("shipped");
            })
            .AddActivityFunc<object?, string>("Pack", (_, _) => "packed")
            .AddActivityFunc<object?, string>("Weigh", (_, _) => "3 kg"));
        await second.Client.RaiseEventAsync(id, "shipped", "today");
        var done = await CompletionOf(second.Client, id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, done.FailureDetails!.ErrorType);
        Assert.Contains("'Shipping'", done.FailureDetails.ErrorMessage);
        Assert.Contains($"'{id}'", done.FailureDetails.ErrorMessage);
        Assert.Contains("TaskScheduled(task 0, activity 'Pack')", done.FailureDetails.ErrorMessage);
        Assert.Contains("schedule activity 'Weigh'", done.FailureDetails.ErrorMessage);
    }

    private static async Task WaitForStatus(DurableTestHost host, string id, OrchestrationRuntimeStatus status)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var signals = host.Services.GetRequiredService<Runtime.DurableTaskSignals>();
        while (true)
        {
            var update = signals.NextUpdateOf(id);
            if ((await host.Client.GetInstanceAsync(id, cancellationToken: timeout.Token))!.RuntimeStatus == status)
            {
                return;
            }
            await update.WaitAsync(timeout.Token);
        }
    }

    private static async Task WaitForHistory(DurableTestHost host, string id, Func<IReadOnlyList<HistoryEvent>, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var signals = host.Services.GetRequiredService<Runtime.DurableTaskSignals>();
        while (true)
        {
            var update = signals.NextUpdateOf(id);
            if (condition(await host.Client.GetOrchestrationHistoryAsync(id, timeout.Token)))
            {
                return;
            }
            await update.WaitAsync(timeout.Token);
        }
    }
}

public sealed record GreetingService(string Word);

public sealed class GreetingActivity(GreetingService service) : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult($"{service.Word}, {input}");
}

public sealed class SqliteOrchestrationBehaviourTests : OrchestrationBehaviourTests, IDisposable
{
    private readonly SqliteStoreFactory stores = new();

    protected override IStoreFactory Stores => stores;

    public void Dispose() => stores.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresOrchestrationBehaviourTests(PostgresFixture postgres) : OrchestrationBehaviourTests, IDisposable
{
    private readonly PostgresStoreFactory stores = new(postgres.ConnectionString);

    protected override IStoreFactory Stores => stores;

    public void Dispose() => stores.Dispose();
}
