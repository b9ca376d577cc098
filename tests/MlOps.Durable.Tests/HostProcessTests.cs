using MlOps.Durable.Stores;
using MlOps.Durable.Payloads;
using MlOps.Testing;

namespace MlOps.Durable.Tests;

/// <summary>
/// Hosts as real, separate processes: killed with SIGKILL mid-work, and two hosts sharing one
/// PostgreSQL task hub. The test process is only a client of the shared store.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HostProcessTests(PostgresFixture postgres) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TemporaryDirectory work = new("mlops-durable-hosts");

    public void Dispose() => work.Dispose();

    private string[] HostArguments(string store, string connection, string hub, params string[] extra) =>
    [
        "--store", store, "--connection", connection, "--hub", hub, "--payloads", work.File("payloads"), "--journal", Journals, .. extra,
    ];

    private string Journals
    {
        get
        {
            var path = work.File("journal");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>Each host's journal: one line per activity execution it started ("index deliveryCount").</summary>
    private Dictionary<int, List<int>> ExecutionsByHost() =>
        Directory.GetFiles(Journals, "*.log").ToDictionary(
            f => int.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture),
            f => File.ReadAllLines(f).Select(l => int.Parse(l.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList());

    private static async Task<OrchestrationMetadata> CompletionOf(DurableTaskClient client, string id)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }

    private static void AssertEachCallAnsweredOnce(IReadOnlyList<HistoryEvent> history, int calls)
    {
        var answered = history.Where(e => e.EventType is HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed).Select(e => e.TaskId!.Value).ToList();
        Assert.Equal(calls, answered.Count);
        Assert.Equal(Enumerable.Range(0, calls), answered.Order());
        Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionCompleted);
    }

    [Fact]
    public async Task A_host_killed_with_SIGKILL_mid_fan_out_is_finished_by_a_new_host_without_losing_or_doubling_results()
    {
        const int count = 200;
        var connection = $"Data Source={work.File("hub.sqlite")}";
        await using var store = new SqliteOrchestrationStore(connection, "crash", new FileSystemPayloadStore(work.File("payloads")));
        var client = new DurableTaskClient(store);

        string id;
        await using (var doomed = await HostProcess.StartAsync(HostArguments("sqlite", connection, "crash", "--block-after", "100", "--lease-ms", "1500")))
        {
            var blocked = doomed.WhenPrinted("blocked");
            id = await client.ScheduleNewOrchestrationInstanceAsync("FanOut", count);
            await doomed.WaitAsync(blocked, "blocked");
            await doomed.KillAsync();
        }
        var beforeRestart = await client.GetOrchestrationHistoryAsync(id);
        var answeredBefore = beforeRestart.Count(e => e.EventType == HistoryEventType.TaskCompleted);
        Assert.InRange(answeredBefore, 0, 100);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await client.GetInstanceAsync(id))!.RuntimeStatus);

        await using var successor = await HostProcess.StartAsync(HostArguments("sqlite", connection, "crash", "--lease-ms", "1500"));
        var done = await CompletionOf(client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, count).Sum(i => (long)i * i), done.ReadOutputAs<long>());
        AssertEachCallAnsweredOnce(await client.GetOrchestrationHistoryAsync(id), count);
        var executions = ExecutionsByHost();
        Assert.Equal(2, executions.Count);
        Assert.Equal(Enumerable.Range(1, count), executions.Values.SelectMany(x => x).Distinct().Order());
        // The calls the killed host held when it died ran again on the successor (at least once, never lost).
        var held = executions.Values.SelectMany(x => x).GroupBy(i => i).Count(g => g.Count() > 1);
        Assert.True(held > 0, "no call was re-run after the kill");
    }

    [Fact]
    public async Task Two_hosts_on_one_PostgreSQL_task_hub_share_a_fan_out_and_the_orchestration_completes_once()
    {
        const int count = 500;
        var connection = await postgres.CreateDatabaseAsync("twohosts");
        await using var store = new PostgresOrchestrationStore(connection, "shared", new FileSystemPayloadStore(work.File("payloads")));
        var client = new DurableTaskClient(store);
        await store.InitializeAsync();

        await using var first = await HostProcess.StartAsync(HostArguments("postgres", connection, "shared", "--activities", "4", "--work-ms", "4"));
        await using var second = await HostProcess.StartAsync(HostArguments("postgres", connection, "shared", "--activities", "4", "--work-ms", "4"));
        var id = await client.ScheduleNewOrchestrationInstanceAsync("FanOut", count);
        var done = await CompletionOf(client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, count).Sum(i => (long)i * i), done.ReadOutputAs<long>());
        AssertEachCallAnsweredOnce(await client.GetOrchestrationHistoryAsync(id), count);
        var executions = ExecutionsByHost();
        Assert.Equal(2, executions.Count);
        Assert.All(executions.Values, ran => Assert.NotEmpty(ran));
        Assert.Equal(Enumerable.Range(1, count), executions.Values.SelectMany(x => x).Distinct().Order());
        var completedRuns = await client.QueryInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Completed] }).ToListAsync();
        Assert.Single(completedRuns);
    }

    [Fact]
    public async Task A_durable_timer_survives_its_host_being_killed()
    {
        var connection = $"Data Source={work.File("timers.sqlite")}";
        await using var store = new SqliteOrchestrationStore(connection, "timers", new FileSystemPayloadStore(work.File("payloads")));
        var client = new DurableTaskClient(store);

        string id;
        await using (var doomed = await HostProcess.StartAsync(HostArguments("sqlite", connection, "timers")))
        {
            id = await client.ScheduleNewOrchestrationInstanceAsync("Sleep", 1.5);
            using var timeout = new CancellationTokenSource(Patience);
            while (!(await client.GetOrchestrationHistoryAsync(id, timeout.Token)).Any(e => e.EventType == HistoryEventType.TimerCreated))
            {
                await Task.Delay(20, timeout.Token); // polling another process's commits: the history is the signal
            }
            await doomed.KillAsync();
        }
        var timer = (await client.GetOrchestrationHistoryAsync(id)).Single(e => e.EventType == HistoryEventType.TimerCreated);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await client.GetInstanceAsync(id))!.RuntimeStatus);

        await using var successor = await HostProcess.StartAsync(HostArguments("sqlite", connection, "timers"));
        var done = await CompletionOf(client, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(done.ReadOutputAs<DateTime>() >= timer.FireAt, "the timer fired before its time");
        var history = await client.GetOrchestrationHistoryAsync(id);
        Assert.Single(history, e => e.EventType == HistoryEventType.TimerFired);
    }
}
