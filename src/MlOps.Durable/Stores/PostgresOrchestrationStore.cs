using System.Data.Common;
using MlOps.Durable.Payloads;
using Npgsql;

namespace MlOps.Durable.Stores;

/// <summary>
/// A task hub several hosts share: work items are claimed with FOR UPDATE SKIP LOCKED under
/// leases, so hosts never wait on each other's claims and a dead host's leases simply expire.
/// </summary>
public sealed class PostgresOrchestrationStore : SqlOrchestrationStore
{
    private readonly NpgsqlDataSource dataSource;

    public PostgresOrchestrationStore(string connectionString, string hubName, IPayloadStore payloads,
        int payloadThresholdChars = 60 * 1024, TimeProvider? timeProvider = null)
        : base(hubName, payloads, payloadThresholdChars, timeProvider)
    {
        dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public override string Kind => "postgres";

    protected override string ForUpdate => " FOR UPDATE";

    protected override string IdentityColumn => "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    protected override string ClaimOrchestrationsSql => """
        UPDATE durable_instances i SET lock_token = @token, locked_until = @until
        FROM (SELECT c.instance_id FROM durable_instances c
              WHERE c.hub = @hub AND c.locked_until <= @now
                AND c.instance_id IN (SELECT m.instance_id FROM durable_messages m WHERE m.hub = @hub AND m.visible_at <= @now)
              LIMIT @max FOR UPDATE SKIP LOCKED) picked
        WHERE i.hub = @hub AND i.instance_id = picked.instance_id
        RETURNING i.instance_id
        """;

    protected override string ClaimActivitiesSql => """
        UPDATE durable_activities a SET lock_token = @token, locked_until = @until, dequeue_count = a.dequeue_count + 1
        FROM (SELECT id FROM durable_activities WHERE hub = @hub AND locked_until <= @now ORDER BY id LIMIT @max FOR UPDATE SKIP LOCKED) picked
        WHERE a.id = picked.id
        RETURNING a.id, a.instance_id, a.execution_id, a.task_id, a.name, a.input, a.dequeue_count, a.trace_parent, a.trace_state
        """;

    protected override async Task<int> CompleteActivityRowsAsync(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<(ActivityCompletion Completion, string Event)> completions, CancellationToken cancellationToken)
    {
        var now = Now();
        // One statement per outcome, all in one round trip: the message is posted only if the row was still ours.
        return await connection.ExecuteManyAsync(transaction, """
            WITH done AS (DELETE FROM durable_activities WHERE id = @id AND lock_token = @token RETURNING instance_id)
            INSERT INTO durable_messages (hub, instance_id, execution_id, visible_at, dedupe_key, event)
            SELECT @hub, instance_id, @exec, @now, @dedupe, @event FROM done
            ON CONFLICT DO NOTHING
            """,
            completions.Select(c => new (string, object?)[]
            {
                ("@id", c.Completion.WorkItem.Id), ("@token", c.Completion.WorkItem.LockToken), ("@hub", HubName),
                ("@exec", c.Completion.WorkItem.ExecutionId), ("@now", now), ("@dedupe", CompletionKey(c.Completion.WorkItem)), ("@event", c.Event),
            }).ToList(), cancellationToken);
    }

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    protected override async ValueTask<WriteScope> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new WriteScope(connection, transaction, null);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        // Hosts starting together migrate one at a time; the lock ends with the transaction.
        connection.ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(7390211)", cancellationToken);

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
