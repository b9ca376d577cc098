using System.Data.Common;
using Microsoft.Data.Sqlite;
using MlOps.Durable.Payloads;

namespace MlOps.Durable.Stores;

/// <summary>
/// The embedded task hub: one SQLite file in WAL mode. SQLite allows one writer at a time, so
/// writes from this process queue on a gate (no busy-waiting between our own threads) and
/// writers in other processes are waited for through busy_timeout.
/// </summary>
public sealed class SqliteOrchestrationStore : SqlOrchestrationStore
{
    private readonly string connectionString;
    private readonly SemaphoreSlim writeGate = new(1, 1);

    public SqliteOrchestrationStore(string connectionString, string hubName, IPayloadStore? payloads = null,
        int payloadThresholdChars = 60 * 1024, TimeProvider? timeProvider = null)
        : base(hubName, payloads ?? new FileSystemPayloadStore(DefaultPayloadDirectory(connectionString)), payloadThresholdChars, timeProvider)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:")
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        this.connectionString = builder.ToString();
        DatabasePath = builder.DataSource;
    }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    public static SqliteOrchestrationStore ForFile(string path, string hubName, IPayloadStore? payloads = null, int payloadThresholdChars = 60 * 1024) =>
        new(new SqliteConnectionStringBuilder { DataSource = path }.ToString(), hubName, payloads, payloadThresholdChars);

    public string DatabasePath { get; }

    public override string Kind => "sqlite";

    protected override string ForUpdate => "";

    protected override string IdentityColumn => "id INTEGER PRIMARY KEY AUTOINCREMENT";

    protected override string ClaimOrchestrationsSql => """
        UPDATE durable_instances SET lock_token = @token, locked_until = @until
        WHERE hub = @hub AND instance_id IN (
          SELECT DISTINCT m.instance_id FROM durable_messages m
          JOIN durable_instances i ON i.hub = m.hub AND i.instance_id = m.instance_id
          WHERE m.hub = @hub AND m.visible_at <= @now AND i.locked_until <= @now
          LIMIT @max)
        RETURNING instance_id
        """;

    protected override string ClaimActivitiesSql => """
        UPDATE durable_activities SET lock_token = @token, locked_until = @until, dequeue_count = dequeue_count + 1
        WHERE id IN (SELECT id FROM durable_activities WHERE hub = @hub AND locked_until <= @now ORDER BY id LIMIT @max)
        RETURNING id, instance_id, execution_id, task_id, name, input, dequeue_count, trace_parent, trace_state
        """;

    public override async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using (var connection = await OpenConnectionAsync(cancellationToken))
        {
            // WAL is a property of the file: readers never block the writer, and a killed process leaves nothing half-written.
            await connection.ExecuteAsync(null, "PRAGMA journal_mode=WAL", cancellationToken);
        }
        await base.InitializeAsync(cancellationToken);
    }

    protected override async Task<int> CompleteActivityRowsAsync(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<(ActivityCompletion Completion, string Event)> completions, CancellationToken cancellationToken)
    {
        var applied = 0;
        await using var delete = connection.Command(transaction,
            "DELETE FROM durable_activities WHERE id = @id AND lock_token = @token", ("@id", 0L), ("@token", ""));
        await using var insert = connection.Command(transaction, """
            INSERT INTO durable_messages (hub, instance_id, execution_id, visible_at, dedupe_key, event)
            VALUES (@hub, @id, @exec, @now, @dedupe, @event) ON CONFLICT DO NOTHING
            """, ("@hub", HubName), ("@id", ""), ("@exec", ""), ("@now", 0L), ("@dedupe", ""), ("@event", ""));
        var now = Now();
        foreach (var (completion, text) in completions)
        {
            var item = completion.WorkItem;
            delete.Parameters["@id"].Value = item.Id;
            delete.Parameters["@token"].Value = item.LockToken;
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                continue; // the lease was lost and the call handed to another host: its outcome will count instead
            }
            insert.Parameters["@id"].Value = item.InstanceId;
            insert.Parameters["@exec"].Value = item.ExecutionId;
            insert.Parameters["@now"].Value = now;
            insert.Parameters["@dedupe"].Value = CompletionKey(item);
            insert.Parameters["@event"].Value = text;
            applied += await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        return applied;
    }

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(null, "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL", cancellationToken);
        return connection;
    }

    protected override async ValueTask<WriteScope> BeginWriteAsync(CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken);
        var gate = new Releaser(writeGate);
        try
        {
            var connection = (SqliteConnection)await OpenConnectionAsync(cancellationToken);
            // BEGIN IMMEDIATE: take the write lock now, so a read-then-write cannot be overtaken by another process.
            var transaction = connection.BeginTransaction(deferred: false);
            return new WriteScope(connection, transaction, gate);
        }
        catch
        {
            gate.Dispose();
            throw;
        }
    }

    protected override Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask; // BEGIN IMMEDIATE already excludes every other writer

    public override ValueTask DisposeAsync()
    {
        // Close this file's pooled connections so the file can be moved or deleted.
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private static string DefaultPayloadDirectory(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return string.IsNullOrEmpty(file) || file == ":memory:"
            ? Path.Combine(Path.GetTempPath(), "mlops-durable-payloads")
            : Path.GetFullPath(file) + ".payloads";
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
