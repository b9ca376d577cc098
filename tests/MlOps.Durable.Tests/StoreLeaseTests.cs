using MlOps.Durable.Payloads;
using MlOps.Durable.Stores;
using MlOps.Testing;

namespace MlOps.Durable.Tests;

/// <summary>
/// The store's lease rules under a hand-moved clock: a host whose lease expired cannot commit,
/// an activity outcome from a host that lost the call is dropped, trace context is kept with
/// the work it belongs to, and the schema is versioned and upgraded in place.
/// </summary>
public abstract class StoreLeaseTests
{
    protected abstract IStoreFactory Stores { get; }

    private static NewOrchestrationInstance Instance(string id, DateTimeOffset now) =>
        new(id, "Any", "exec1", "1", null, now.UtcDateTime);

    [Fact]
    public async Task A_turn_committed_after_its_lease_passed_to_another_host_is_rejected()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var store = Stores.Create("lease" + Guid.NewGuid().ToString("N")[..8], time: clock);
        await store.InitializeAsync();
        await store.CreateInstanceAsync(Instance("i1", clock.GetUtcNow()), null);

        var stale = Assert.Single(await store.ClaimOrchestrationsAsync(10, TimeSpan.FromSeconds(5)));
        Assert.Empty(await store.ClaimOrchestrationsAsync(10, TimeSpan.FromSeconds(5))); // held
        clock.Advance(TimeSpan.FromSeconds(6));
        var current = Assert.Single(await store.ClaimOrchestrationsAsync(10, TimeSpan.FromSeconds(5)));
        Assert.NotEqual(stale.LockToken, current.LockToken);

        var state = (await store.LoadTurnAsync(current, null, 0, 100))!;
        Assert.Null(await store.LoadTurnAsync(stale, null, 0, 100));
        var commit = new OrchestrationTurnCommit
        {
            WorkItem = stale,
            ExecutionId = state.ExecutionId,
            Status = OrchestrationRuntimeStatus.Running,
            NewHistory = [state.Messages[0].Event],
            HistoryStart = 0,
            ConsumedMessageIds = [state.Messages[0].Id],
        };
        Assert.False(await store.CommitTurnAsync(commit));
        Assert.True(await store.CommitTurnAsync(commit with { WorkItem = current }));
        Assert.Single(await store.GetHistoryAsync("i1"));
    }

    [Fact]
    public async Task An_activity_outcome_is_recorded_once_even_when_the_call_ran_on_two_hosts()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var store = Stores.Create("dup" + Guid.NewGuid().ToString("N")[..8], time: clock);
        await store.InitializeAsync();
        await store.CreateInstanceAsync(Instance("i2", clock.GetUtcNow()), null);
        var turn = Assert.Single(await store.ClaimOrchestrationsAsync(1, TimeSpan.FromSeconds(5)));
        var state = (await store.LoadTurnAsync(turn, null, 0, 100))!;
        Assert.True(await store.CommitTurnAsync(new OrchestrationTurnCommit
        {
            WorkItem = turn,
            ExecutionId = state.ExecutionId,
            Status = OrchestrationRuntimeStatus.Running,
            NewHistory = [state.Messages[0].Event],
            HistoryStart = 0,
            ConsumedMessageIds = [state.Messages[0].Id],
            Activities = [new ActivityRequest("i2", state.ExecutionId, 0, "Work", "7")],
        }));

        var first = Assert.Single(await store.ClaimActivitiesAsync(10, TimeSpan.FromSeconds(5)));
        clock.Advance(TimeSpan.FromSeconds(6)); // the first host stalls past its lease
        var second = Assert.Single(await store.ClaimActivitiesAsync(10, TimeSpan.FromSeconds(5)));
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.DeliveryCount);

        HistoryEvent Done(string result) => new() { EventType = HistoryEventType.TaskCompleted, TaskId = 0, Result = result, Timestamp = clock.GetUtcNow().UtcDateTime };
        Assert.Equal(0, await store.CompleteActivitiesAsync([new ActivityCompletion(first, Done("\"stale\""))]));
        Assert.Equal(1, await store.CompleteActivitiesAsync([new ActivityCompletion(second, Done("\"current\""))]));
        Assert.Equal(0, await store.CompleteActivitiesAsync([new ActivityCompletion(second, Done("\"again\""))]));

        var next = Assert.Single(await store.ClaimOrchestrationsAsync(1, TimeSpan.FromSeconds(5)));
        var inbox = (await store.LoadTurnAsync(next, null, 0, 100))!.Messages;
        Assert.Equal("\"current\"", Assert.Single(inbox).Event.Result);
    }

    [Fact]
    public async Task The_schema_is_created_once_versioned_and_a_newer_schema_is_refused_with_a_clear_error()
    {
        var hub = "schema" + Guid.NewGuid().ToString("N")[..8];
        await using var store = (SqlOrchestrationStore)Stores.Create(hub);
        await store.InitializeAsync();
        await store.InitializeAsync();
        Assert.Equal(2, await store.GetSchemaVersionAsync());
        await using (var raw = (SqlOrchestrationStore)Stores.Create(hub))
        {
            await raw.InitializeAsync();
        }
        await ExecuteSqlAsync("INSERT INTO durable_schema_version (version, applied_at) VALUES (99, 0)");
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());
        Assert.Contains("schema is version 99", refused.Message);
    }

    [Fact]
    public async Task An_instance_and_its_activities_keep_the_trace_context_they_were_scheduled_under()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var store = Stores.Create("trace" + Guid.NewGuid().ToString("N")[..8], time: clock);
        await store.InitializeAsync();
        var client = new DistributedTraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=one");
        await store.CreateInstanceAsync(Instance("t1", clock.GetUtcNow()) with { TraceContext = client }, null);
        var turn = Assert.Single(await store.ClaimOrchestrationsAsync(1, TimeSpan.FromSeconds(5)));
        var state = (await store.LoadTurnAsync(turn, null, 0, 100))!;
        Assert.Equal(client, Assert.Single(state.Messages).Event.TraceContext);

        var turnTrace = new DistributedTraceContext("00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01");
        Assert.True(await store.CommitTurnAsync(new OrchestrationTurnCommit
        {
            WorkItem = turn,
            ExecutionId = state.ExecutionId,
            Status = OrchestrationRuntimeStatus.Running,
            NewHistory = [state.Messages[0].Event],
            HistoryStart = 0,
            ConsumedMessageIds = [state.Messages[0].Id],
            Activities = [new ActivityRequest("t1", state.ExecutionId, 0, "Traced", "1", turnTrace), new ActivityRequest("t1", state.ExecutionId, 1, "Untraced", "2")],
        }));
        Assert.Equal(client, Assert.Single(await store.GetHistoryAsync("t1")).TraceContext);
        var claimed = (await store.ClaimActivitiesAsync(10, TimeSpan.FromSeconds(5))).ToDictionary(a => a.Name);
        Assert.Equal(turnTrace, claimed["Traced"].TraceContext);
        Assert.Null(claimed["Untraced"].TraceContext);
    }

    [Fact]
    public async Task A_version_1_store_is_upgraded_in_place_and_work_queued_before_the_upgrade_still_runs()
    {
        var hub = "upgrade" + Guid.NewGuid().ToString("N")[..8];
        await using var store = (SqlOrchestrationStore)Stores.Create(hub);
        await store.InitializeAsync();
        // Back to the version 1 shape, with an activity queued the way version 1 wrote it.
        await ExecuteSqlAsync("ALTER TABLE durable_activities DROP COLUMN trace_state");
        await ExecuteSqlAsync("ALTER TABLE durable_activities DROP COLUMN trace_parent");
        await ExecuteSqlAsync("DELETE FROM durable_schema_version WHERE version > 1");
        await ExecuteSqlAsync($"""
            INSERT INTO durable_activities (hub, instance_id, execution_id, task_id, name, input, lock_token, locked_until, dequeue_count, created_at)
            VALUES ('{hub}', 'old', 'e1', 0, 'Queued', '"before"', NULL, 0, 0, 0)
            """);
        Assert.Equal(1, await store.GetSchemaVersionAsync());

        await store.InitializeAsync();
        Assert.Equal(2, await store.GetSchemaVersionAsync());
        var queued = Assert.Single(await store.ClaimActivitiesAsync(10, TimeSpan.FromSeconds(5)));
        Assert.Equal(("Queued", "\"before\""), (queued.Name, queued.Input));
        Assert.Null(queued.TraceContext);
    }

    /// <summary>Runs raw SQL against the test's database (schema surgery).</summary>
    protected abstract Task ExecuteSqlAsync(string sql);
}

public sealed class SqliteStoreLeaseTests : StoreLeaseTests, IDisposable
{
    private readonly SqliteStoreFactory stores = new();

    protected override IStoreFactory Stores => stores;

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={stores.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose() => stores.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreLeaseTests(PostgresFixture postgres) : StoreLeaseTests, IAsyncLifetime, IDisposable
{
    private PostgresStoreFactory stores = null!;
    private string connectionString = "";

    protected override IStoreFactory Stores => stores;

    public async Task InitializeAsync()
    {
        // A database of its own: the schema test marks the schema as newer.
        connectionString = await postgres.CreateDatabaseAsync("lease");
        stores = new PostgresStoreFactory(connectionString);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose() => stores.Dispose();
}
