using System.Data.Common;
using System.Text;
using System.Text.Json;
using MlOps.Durable.Payloads;

namespace MlOps.Durable.Stores;

/// <summary>
/// The task hub as four tables (instances, history, inbox messages, activity work items) plus
/// a schema version table, written with SQL both SQLite and PostgreSQL understand. The
/// dialects supply connections, the schema and the claim statements. Times are Unix
/// milliseconds. Text over the payload threshold goes to an <see cref="IPayloadStore"/> and
/// the row keeps a reference.
/// </summary>
public abstract class SqlOrchestrationStore : IOrchestrationStore
{
    private const string PayloadMarker = "@payload:";
    private readonly IPayloadStore payloads;
    private readonly int payloadThreshold;
    private readonly TimeProvider time;

    protected SqlOrchestrationStore(string hubName, IPayloadStore payloads, int payloadThresholdChars, TimeProvider? timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hubName);
        HubName = hubName;
        this.payloads = payloads;
        payloadThreshold = payloadThresholdChars;
        time = timeProvider ?? TimeProvider.System;
    }

    public string HubName { get; }

    public abstract string Kind { get; }

    public IPayloadStore Payloads => payloads;

    /// <summary>The schema, one script per version (index 0 is version 1).</summary>
    /// <summary>The schema's migrations in order; the stores differ only in how an auto-numbered key column is declared.</summary>
    protected IReadOnlyList<string> Migrations => [InitialSchema.Replace("{identity}", IdentityColumn, StringComparison.Ordinal), ActivityTraceContextMigration];

    /// <summary>An auto-numbered BIGINT primary key column named id, in this database's dialect.</summary>
    protected abstract string IdentityColumn { get; }

    private const string InitialSchema = """
        CREATE TABLE durable_instances (
          hub TEXT NOT NULL, instance_id TEXT NOT NULL, execution_id TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
          created_at BIGINT NOT NULL, last_updated_at BIGINT NOT NULL, completed_at BIGINT NULL,
          input TEXT NULL, output TEXT NULL, custom_status TEXT NULL, failure TEXT NULL, parent_instance_id TEXT NULL,
          history_count INTEGER NOT NULL DEFAULT 0, lock_token TEXT NULL, locked_until BIGINT NOT NULL DEFAULT 0,
          PRIMARY KEY (hub, instance_id));
        CREATE INDEX ix_durable_instances_created ON durable_instances (hub, created_at, instance_id);
        CREATE TABLE durable_history (
          hub TEXT NOT NULL, instance_id TEXT NOT NULL, execution_id TEXT NOT NULL, seq INTEGER NOT NULL, event TEXT NOT NULL,
          PRIMARY KEY (hub, instance_id, seq));
        CREATE TABLE durable_messages (
          {identity}, hub TEXT NOT NULL, instance_id TEXT NOT NULL, execution_id TEXT NULL,
          visible_at BIGINT NOT NULL, dedupe_key TEXT NULL, event TEXT NOT NULL);
        CREATE INDEX ix_durable_messages_visible ON durable_messages (hub, visible_at);
        CREATE INDEX ix_durable_messages_instance ON durable_messages (hub, instance_id, visible_at);
        CREATE UNIQUE INDEX ux_durable_messages_dedupe ON durable_messages (hub, instance_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
        CREATE TABLE durable_activities (
          {identity}, hub TEXT NOT NULL, instance_id TEXT NOT NULL, execution_id TEXT NOT NULL,
          task_id INTEGER NOT NULL, name TEXT NOT NULL, input TEXT NULL, lock_token TEXT NULL, locked_until BIGINT NOT NULL DEFAULT 0,
          dequeue_count INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL);
        CREATE UNIQUE INDEX ux_durable_activities_task ON durable_activities (hub, instance_id, execution_id, task_id);
        CREATE INDEX ix_durable_activities_lock ON durable_activities (hub, locked_until, id)
        """;

    /// <summary>Version 2: activity work items carry the trace context of the turn that scheduled them.</summary>
    protected const string ActivityTraceContextMigration = """
        ALTER TABLE durable_activities ADD COLUMN trace_parent TEXT NULL;
        ALTER TABLE durable_activities ADD COLUMN trace_state TEXT NULL
        """;

    protected abstract string ClaimOrchestrationsSql { get; }

    protected abstract string ClaimActivitiesSql { get; }

    /// <summary>Deletes the activity row (if still held under the lock token) and posts the outcome message, in one go.</summary>
    protected abstract Task<int> CompleteActivityRowsAsync(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<(ActivityCompletion Completion, string Event)> completions, CancellationToken cancellationToken);

    /// <summary>" FOR UPDATE" where the dialect locks rows it reads inside a transaction.</summary>
    protected abstract string ForUpdate { get; }

    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Begins a write transaction (SQLite: one writer at a time; PostgreSQL: row locks).</summary>
    protected abstract ValueTask<WriteScope> BeginWriteAsync(CancellationToken cancellationToken);

    /// <summary>Serializes schema migrations between hosts starting at once.</summary>
    protected abstract Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    protected long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static long Millis(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMillis(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public virtual async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = await BeginWriteAsync(cancellationToken);
        var (connection, transaction) = (scope.Connection, scope.Transaction);
        await LockSchemaAsync(connection, transaction, cancellationToken);
        await connection.ExecuteAsync(transaction,
            "CREATE TABLE IF NOT EXISTS durable_schema_version (version INTEGER NOT NULL, applied_at BIGINT NOT NULL)", cancellationToken);
        var current = Convert.ToInt32(await connection.ScalarAsync(transaction, "SELECT COALESCE(MAX(version), 0) FROM durable_schema_version", cancellationToken) ?? 0);
        if (current > Migrations.Count)
        {
            throw new InvalidOperationException(
                $"The durable store's schema is version {current}, newer than this engine understands (up to {Migrations.Count}). Upgrade the engine, or point it at another database.");
        }
        for (var version = current + 1; version <= Migrations.Count; version++)
        {
            foreach (var statement in Migrations[version - 1].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                await connection.ExecuteAsync(transaction, statement, cancellationToken);
            }
            await connection.ExecuteAsync(transaction, "INSERT INTO durable_schema_version (version, applied_at) VALUES (@v, @t)", cancellationToken,
                ("@v", version), ("@t", Now()));
        }
        await scope.CommitAsync(cancellationToken);
    }

    /// <summary>The schema version recorded in the database (0 when none).</summary>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return Convert.ToInt32(await connection.ScalarAsync(null, "SELECT COALESCE(MAX(version), 0) FROM durable_schema_version", cancellationToken) ?? 0);
    }

    // ---- client operations -------------------------------------------------------------

    public async Task<CreateInstanceOutcome> CreateInstanceAsync(NewOrchestrationInstance instance,
        IReadOnlyCollection<OrchestrationRuntimeStatus>? dedupeStatuses, CancellationToken cancellationToken = default)
    {
        var started = await StartMessageAsync(instance, cancellationToken);
        await using var scope = await BeginWriteAsync(cancellationToken);
        var outcome = await CreateOrReplaceAsync(scope.Connection, scope.Transaction, instance, started, dedupeStatuses, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return outcome;
    }

    private async Task<string> StartMessageAsync(NewOrchestrationInstance instance, CancellationToken cancellationToken)
    {
        var started = new HistoryEvent
        {
            EventType = HistoryEventType.ExecutionStarted,
            Timestamp = instance.CreatedAt,
            Name = instance.Name,
            Input = instance.Input,
            Parent = instance.Parent,
            TraceContext = instance.TraceContext,
        };
        return await OffloadAsync(instance.InstanceId, instance.ExecutionId, started.ToJson(), cancellationToken) ?? "";
    }

    private async Task<CreateInstanceOutcome> CreateOrReplaceAsync(DbConnection connection, DbTransaction transaction,
        NewOrchestrationInstance instance, string startedEvent, IReadOnlyCollection<OrchestrationRuntimeStatus>? dedupeStatuses,
        CancellationToken cancellationToken)
    {
        var now = Millis(instance.CreatedAt);
        var input = await OffloadAsync(instance.InstanceId, instance.ExecutionId, instance.Input, cancellationToken);
        var inserted = await connection.ExecuteAsync(transaction, """
            INSERT INTO durable_instances (hub, instance_id, execution_id, name, status, created_at, last_updated_at, input, parent_instance_id, history_count, locked_until)
            VALUES (@hub, @id, @exec, @name, @status, @now, @now, @input, @parent, 0, 0)
            ON CONFLICT DO NOTHING
            """, cancellationToken,
            ("@hub", HubName), ("@id", instance.InstanceId), ("@exec", instance.ExecutionId), ("@name", instance.Name),
            ("@status", nameof(OrchestrationRuntimeStatus.Pending)), ("@now", now), ("@input", input), ("@parent", instance.Parent?.InstanceId));
        if (inserted == 0)
        {
            string? existingExecution = null;
            OrchestrationRuntimeStatus? existing = null;
            await using (var select = connection.Command(transaction,
                $"SELECT status, execution_id FROM durable_instances WHERE hub = @hub AND instance_id = @id{ForUpdate}",
                ("@hub", HubName), ("@id", instance.InstanceId)))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    existing = Enum.Parse<OrchestrationRuntimeStatus>(reader.GetString(0));
                    existingExecution = reader.GetString(1);
                }
            }
            if (existing is not { } status)
            {
                throw new InvalidOperationException($"Instance '{instance.InstanceId}' could neither be created nor found.");
            }
            if (dedupeStatuses?.Contains(status) == true || !status.IsTerminal())
            {
                return new CreateInstanceOutcome(false, status);
            }
            await DeleteInstanceRowsAsync(connection, transaction, instance.InstanceId, includeInstance: false, cancellationToken);
            await connection.ExecuteAsync(transaction, """
                UPDATE durable_instances SET execution_id = @exec, name = @name, status = @status, created_at = @now, last_updated_at = @now,
                  completed_at = NULL, input = @input, output = NULL, custom_status = NULL, failure = NULL, parent_instance_id = @parent,
                  history_count = 0, lock_token = NULL, locked_until = 0
                WHERE hub = @hub AND instance_id = @id
                """, cancellationToken,
                ("@hub", HubName), ("@id", instance.InstanceId), ("@exec", instance.ExecutionId), ("@name", instance.Name),
                ("@status", nameof(OrchestrationRuntimeStatus.Pending)), ("@now", now), ("@input", input), ("@parent", instance.Parent?.InstanceId));
            await payloads.DeleteByPrefixAsync($"{HubName}/{instance.InstanceId}/{existingExecution}/", cancellationToken);
        }
        await InsertMessagesAsync(connection, transaction,
            [(instance.InstanceId, instance.ExecutionId, now, null, startedEvent)], cancellationToken);
        return new CreateInstanceOutcome(true, null);
    }

    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool includePayloads, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(null, $"SELECT {InstanceColumns} FROM durable_instances WHERE hub = @hub AND instance_id = @id",
            ("@hub", HubName), ("@id", instanceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var row = ReadInstance(reader);
        return await ToMetadataAsync(row, includePayloads, cancellationToken);
    }

    public async Task<OrchestrationQueryPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, 1000);
        var sql = new StringBuilder($"SELECT {InstanceColumns} FROM durable_instances WHERE hub = @hub");
        var parameters = new List<(string, object?)> { ("@hub", HubName) };
        if (query.Statuses is { Count: > 0 } statuses)
        {
            var names = statuses.Distinct().Select((s, i) => (Name: $"@s{i}", Value: s.ToString())).ToList();
            sql.Append($" AND status IN ({string.Join(", ", names.Select(n => n.Name))})");
            parameters.AddRange(names.Select(n => (n.Name, (object?)n.Value)));
        }
        if (query.Name is { } name)
        {
            sql.Append(" AND LOWER(name) = LOWER(@name)");
            parameters.Add(("@name", name));
        }
        if (query.InstanceIdPrefix is { } prefix)
        {
            sql.Append(" AND SUBSTR(instance_id, 1, @plen) = @prefix");
            parameters.Add(("@plen", prefix.Length));
            parameters.Add(("@prefix", prefix));
        }
        if (query.CreatedFrom is { } from)
        {
            sql.Append(" AND created_at >= @from");
            parameters.Add(("@from", from.ToUnixTimeMilliseconds()));
        }
        if (query.CreatedTo is { } to)
        {
            sql.Append(" AND created_at <= @to");
            parameters.Add(("@to", to.ToUnixTimeMilliseconds()));
        }
        if (query.ContinuationToken is { } token)
        {
            var (afterCreated, afterId) = ParseContinuation(token);
            sql.Append(" AND (created_at > @ac OR (created_at = @ac AND instance_id > @ai))");
            parameters.Add(("@ac", afterCreated));
            parameters.Add(("@ai", afterId));
        }
        sql.Append(" ORDER BY created_at, instance_id LIMIT @limit");
        parameters.Add(("@limit", pageSize + 1));

        var rows = new List<InstanceRow>();
        await using (var connection = await OpenConnectionAsync(cancellationToken))
        await using (var command = connection.Command(null, sql.ToString(), [.. parameters]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(ReadInstance(reader));
            }
        }
        string? next = null;
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            var last = rows[^1];
            next = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.CreatedAt}|{last.InstanceId}"));
        }
        var instances = new List<OrchestrationMetadata>(rows.Count);
        foreach (var row in rows)
        {
            instances.Add(await ToMetadataAsync(row, query.FetchInputsAndOutputs, cancellationToken));
        }
        return new OrchestrationQueryPage(instances, next);
    }

    private static (long CreatedAt, string InstanceId) ParseContinuation(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return (long.Parse(text[..bar], System.Globalization.CultureInfo.InvariantCulture), text[(bar + 1)..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new ArgumentException($"The continuation token '{token}' is not one this store issued.", nameof(token), e);
        }
    }

    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ReadHistoryAsync(connection, instanceId, 0, cancellationToken);
    }

    private async Task<List<HistoryEvent>> ReadHistoryAsync(DbConnection connection, string instanceId, int from, CancellationToken cancellationToken)
    {
        var raw = new List<string>();
        await using (var command = connection.Command(null,
            "SELECT event FROM durable_history WHERE hub = @hub AND instance_id = @id AND seq >= @from ORDER BY seq",
            ("@hub", HubName), ("@id", instanceId), ("@from", from)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                raw.Add(reader.GetString(0));
            }
        }
        var events = new List<HistoryEvent>(raw.Count);
        foreach (var text in raw)
        {
            events.Add(HistoryEvent.FromJson((await ResolveAsync(text, cancellationToken))!));
        }
        return events;
    }

    public async Task<OrchestrationRuntimeStatus?> SendMessageAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        var text = await OffloadAsync(message.InstanceId, message.ExecutionId ?? "messages", message.Event.ToJson(), cancellationToken);
        await using var scope = await BeginWriteAsync(cancellationToken);
        var statusText = (string?)await scope.Connection.ScalarAsync(scope.Transaction,
            $"SELECT status FROM durable_instances WHERE hub = @hub AND instance_id = @id{ForUpdate}", cancellationToken,
            ("@hub", HubName), ("@id", message.InstanceId));
        if (statusText is null)
        {
            return null;
        }
        var status = Enum.Parse<OrchestrationRuntimeStatus>(statusText);
        if (!status.IsTerminal())
        {
            await InsertMessagesAsync(scope.Connection, scope.Transaction,
                [(message.InstanceId, message.ExecutionId, Millis(message.VisibleAt), message.DedupeKey, text!)], cancellationToken);
            await scope.CommitAsync(cancellationToken);
        }
        return status;
    }

    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using (var scope = await BeginWriteAsync(cancellationToken))
        {
            var statusText = (string?)await scope.Connection.ScalarAsync(scope.Transaction,
                $"SELECT status FROM durable_instances WHERE hub = @hub AND instance_id = @id{ForUpdate}", cancellationToken,
                ("@hub", HubName), ("@id", instanceId));
            if (statusText is null || !Enum.Parse<OrchestrationRuntimeStatus>(statusText).IsTerminal())
            {
                return false;
            }
            await DeleteInstanceRowsAsync(scope.Connection, scope.Transaction, instanceId, includeInstance: true, cancellationToken);
            await scope.CommitAsync(cancellationToken);
        }
        await payloads.DeleteByPrefixAsync($"{HubName}/{instanceId}/", cancellationToken);
        return true;
    }

    public async Task<int> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        var statuses = (filter.Statuses is { Count: > 0 } s ? s : [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated])
            .Where(x => x.IsTerminal()).ToList();
        var purged = 0;
        string? continuation = null;
        var candidates = new List<string>();
        do
        {
            var page = await QueryInstancesAsync(new OrchestrationQuery
            {
                Statuses = statuses,
                CreatedFrom = filter.CreatedFrom,
                CreatedTo = filter.CreatedTo,
                PageSize = 1000,
                ContinuationToken = continuation,
            }, cancellationToken);
            candidates.AddRange(page.Instances.Select(i => i.InstanceId));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        foreach (var id in candidates)
        {
            if (await PurgeInstanceAsync(id, cancellationToken))
            {
                purged++;
            }
        }
        return purged;
    }

    private async Task DeleteInstanceRowsAsync(DbConnection connection, DbTransaction transaction, string instanceId, bool includeInstance, CancellationToken cancellationToken)
    {
        var tables = includeInstance
            ? new[] { "durable_history", "durable_messages", "durable_activities", "durable_instances" }
            : ["durable_history", "durable_messages", "durable_activities"];
        foreach (var table in tables)
        {
            await connection.ExecuteAsync(transaction, $"DELETE FROM {table} WHERE hub = @hub AND instance_id = @id", cancellationToken,
                ("@hub", HubName), ("@id", instanceId));
        }
    }

    // ---- orchestration work items -------------------------------------------------------

    public async Task<IReadOnlyList<OrchestrationWorkItem>> ClaimOrchestrationsAsync(int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var token = Guid.NewGuid().ToString("N");
        var now = Now();
        var claimed = new List<OrchestrationWorkItem>();
        await using var scope = await BeginWriteAsync(cancellationToken);
        await using (var command = scope.Connection.Command(scope.Transaction, ClaimOrchestrationsSql,
            ("@hub", HubName), ("@now", now), ("@until", now + (long)lease.TotalMilliseconds), ("@token", token), ("@max", maxCount)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new OrchestrationWorkItem(reader.GetString(0), token));
            }
        }
        await scope.CommitAsync(cancellationToken);
        return claimed;
    }

    public async Task<OrchestrationTurnState?> LoadTurnAsync(OrchestrationWorkItem workItem, string? knownExecutionId, int historyFrom,
        int maxMessages, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        string name, executionId;
        OrchestrationRuntimeStatus status;
        int historyCount;
        await using (var command = connection.Command(null,
            "SELECT name, execution_id, status, history_count FROM durable_instances WHERE hub = @hub AND instance_id = @id AND lock_token = @token",
            ("@hub", HubName), ("@id", workItem.InstanceId), ("@token", workItem.LockToken)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            name = reader.GetString(0);
            executionId = reader.GetString(1);
            status = Enum.Parse<OrchestrationRuntimeStatus>(reader.GetString(2));
            historyCount = reader.GetInt32(3);
        }
        var from = knownExecutionId == executionId ? Math.Min(historyFrom, historyCount) : 0;
        var history = await ReadHistoryAsync(connection, workItem.InstanceId, from, cancellationToken);
        var raw = new List<(long Id, string? Execution, string Event)>();
        await using (var command = connection.Command(null,
            "SELECT id, execution_id, event FROM durable_messages WHERE hub = @hub AND instance_id = @id AND visible_at <= @now ORDER BY id LIMIT @max",
            ("@hub", HubName), ("@id", workItem.InstanceId), ("@now", Now()), ("@max", maxMessages)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                raw.Add((reader.GetInt64(0), reader.GetNullableString(1), reader.GetString(2)));
            }
        }
        var messages = new List<InboxMessage>(raw.Count);
        foreach (var (id, execution, text) in raw)
        {
            messages.Add(new InboxMessage(id, execution, HistoryEvent.FromJson((await ResolveAsync(text, cancellationToken))!)));
        }
        return new OrchestrationTurnState(workItem.InstanceId, name, executionId, status, historyCount, from, history, messages);
    }

    public async Task<bool> CommitTurnAsync(OrchestrationTurnCommit commit, CancellationToken cancellationToken = default)
    {
        var instanceId = commit.WorkItem.InstanceId;
        var payloadExecution = commit.Restart?.ExecutionId ?? commit.ExecutionId;
        // Large payloads are written before the transaction; an aborted commit leaves only unreferenced blobs.
        var history = new List<(string, object?)[]>(commit.NewHistory.Count);
        for (var i = 0; i < commit.NewHistory.Count; i++)
        {
            history.Add([("@hub", HubName), ("@id", instanceId), ("@exec", commit.ExecutionId), ("@seq", commit.HistoryStart + i),
                ("@event", await OffloadAsync(instanceId, commit.ExecutionId, commit.NewHistory[i].ToJson(), cancellationToken))]);
        }
        var activities = new List<(string, object?)[]>(commit.Activities.Count);
        var now = Now();
        foreach (var a in commit.Activities)
        {
            activities.Add([("@hub", HubName), ("@id", a.InstanceId), ("@exec", a.ExecutionId), ("@task", a.TaskId), ("@name", a.Name),
                ("@input", await OffloadAsync(instanceId, commit.ExecutionId, a.Input, cancellationToken)), ("@now", now),
                ("@traceparent", a.TraceContext?.TraceParent), ("@tracestate", a.TraceContext?.TraceState)]);
        }
        var messages = new List<(string, string?, long, string?, string)>(commit.Messages.Count);
        foreach (var m in commit.Messages)
        {
            messages.Add((m.InstanceId, m.ExecutionId, Millis(m.VisibleAt), m.DedupeKey,
                (await OffloadAsync(m.InstanceId, m.ExecutionId ?? "messages", m.Event.ToJson(), cancellationToken))!));
        }
        var children = new List<(NewOrchestrationInstance, string)>();
        foreach (var child in commit.SubOrchestrations)
        {
            children.Add((child, await StartMessageAsync(child, cancellationToken)));
        }
        var output = await OffloadAsync(instanceId, payloadExecution, commit.Output, cancellationToken);
        var customStatus = await OffloadAsync(instanceId, payloadExecution, commit.CustomStatus, cancellationToken);
        var failure = commit.Failure is null ? null : JsonSerializer.Serialize(commit.Failure);

        await using var scope = await BeginWriteAsync(cancellationToken);
        var (connection, transaction) = (scope.Connection, scope.Transaction);
        if (commit.DiscardOnly)
        {
            var released = await connection.ExecuteAsync(transaction,
                "UPDATE durable_instances SET lock_token = NULL, locked_until = 0 WHERE hub = @hub AND instance_id = @id AND lock_token = @token",
                cancellationToken, ("@hub", HubName), ("@id", instanceId), ("@token", commit.WorkItem.LockToken));
            if (released != 1)
            {
                return false;
            }
            foreach (var chunk in commit.ConsumedMessageIds.Chunk(500))
            {
                await connection.ExecuteAsync(transaction,
                    $"DELETE FROM durable_messages WHERE hub = @hub AND id IN ({string.Join(",", chunk)})", cancellationToken, ("@hub", HubName));
            }
            await scope.CommitAsync(cancellationToken);
            return true;
        }
        var completed = commit.Status.IsTerminal() ? now : (object)SqlCommands.NullLong.Value;
        int updated;
        if (commit.Restart is { } restart)
        {
            var restartInput = await OffloadAsync(instanceId, restart.ExecutionId, restart.Input, cancellationToken);
            updated = await connection.ExecuteAsync(transaction, """
                UPDATE durable_instances SET status = @status, last_updated_at = @now, execution_id = @newexec, input = @input, output = NULL,
                  custom_status = @custom, failure = NULL, completed_at = NULL, history_count = 0, lock_token = NULL, locked_until = 0
                WHERE hub = @hub AND instance_id = @id AND lock_token = @token
                """, cancellationToken,
                ("@status", commit.Status.ToString()), ("@now", now), ("@newexec", restart.ExecutionId), ("@input", restartInput),
                ("@custom", customStatus), ("@hub", HubName), ("@id", instanceId), ("@token", commit.WorkItem.LockToken));
            if (updated == 1)
            {
                await connection.ExecuteAsync(transaction, "DELETE FROM durable_history WHERE hub = @hub AND instance_id = @id", cancellationToken,
                    ("@hub", HubName), ("@id", instanceId));
                await connection.ExecuteAsync(transaction, "DELETE FROM durable_activities WHERE hub = @hub AND instance_id = @id AND execution_id = @exec", cancellationToken,
                    ("@hub", HubName), ("@id", instanceId), ("@exec", commit.ExecutionId));
            }
        }
        else
        {
            updated = await connection.ExecuteAsync(transaction, """
                UPDATE durable_instances SET status = @status, last_updated_at = @now, output = @output, custom_status = @custom, failure = @failure,
                  completed_at = @completed, history_count = @count, lock_token = NULL, locked_until = 0
                WHERE hub = @hub AND instance_id = @id AND lock_token = @token AND execution_id = @exec
                """, cancellationToken,
                ("@status", commit.Status.ToString()), ("@now", now), ("@output", output), ("@custom", customStatus), ("@failure", failure),
                ("@completed", completed), ("@count", commit.HistoryStart + commit.NewHistory.Count),
                ("@hub", HubName), ("@id", instanceId), ("@token", commit.WorkItem.LockToken), ("@exec", commit.ExecutionId));
        }
        if (updated != 1)
        {
            return false; // the lease was lost: another host holds this instance now; nothing of this turn is kept
        }
        if (commit.Restart is null)
        {
            await connection.ExecuteManyAsync(transaction,
                "INSERT INTO durable_history (hub, instance_id, execution_id, seq, event) VALUES (@hub, @id, @exec, @seq, @event)",
                history, cancellationToken);
        }
        foreach (var chunk in commit.ConsumedMessageIds.Chunk(500))
        {
            await connection.ExecuteAsync(transaction,
                $"DELETE FROM durable_messages WHERE hub = @hub AND id IN ({string.Join(",", chunk)})", cancellationToken, ("@hub", HubName));
        }
        await connection.ExecuteManyAsync(transaction, """
            INSERT INTO durable_activities (hub, instance_id, execution_id, task_id, name, input, lock_token, locked_until, dequeue_count, created_at, trace_parent, trace_state)
            VALUES (@hub, @id, @exec, @task, @name, @input, NULL, 0, 0, @now, @traceparent, @tracestate)
            ON CONFLICT DO NOTHING
            """, activities, cancellationToken);
        foreach (var (child, started) in children)
        {
            var outcome = await CreateOrReplaceAsync(connection, transaction, child, started, null, cancellationToken);
            if (!outcome.Created && child.Parent is { } parent)
            {
                var refused = new HistoryEvent
                {
                    EventType = HistoryEventType.SubOrchestrationInstanceFailed,
                    Timestamp = DateTime.UtcNow,
                    TaskId = parent.TaskId,
                    Failure = new TaskFailureDetails(typeof(DurableTaskClientException).FullName!,
                        $"Sub-orchestration instance '{child.InstanceId}' already exists and is {outcome.ExistingStatus}."),
                };
                messages.Add((instanceId, commit.ExecutionId, now, $"sub:{commit.ExecutionId}:{parent.TaskId}", refused.ToJson()));
            }
        }
        await InsertMessagesAsync(connection, transaction, messages, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return true;
    }

    public async Task ReleaseOrchestrationAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken = default)
    {
        await using var scope = await BeginWriteAsync(cancellationToken);
        await scope.Connection.ExecuteAsync(scope.Transaction,
            "UPDATE durable_instances SET lock_token = NULL, locked_until = 0 WHERE hub = @hub AND instance_id = @id AND lock_token = @token",
            cancellationToken, ("@hub", HubName), ("@id", workItem.InstanceId), ("@token", workItem.LockToken));
        await scope.CommitAsync(cancellationToken);
    }

    private async Task InsertMessagesAsync(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<(string InstanceId, string? ExecutionId, long VisibleAt, string? DedupeKey, string Event)> messages, CancellationToken cancellationToken)
    {
        var rows = messages.Select(m => new (string, object?)[]
        {
            ("@hub", HubName), ("@id", m.InstanceId), ("@exec", m.ExecutionId), ("@visible", m.VisibleAt), ("@dedupe", m.DedupeKey), ("@event", m.Event),
        }).ToList();
        await connection.ExecuteManyAsync(transaction, """
            INSERT INTO durable_messages (hub, instance_id, execution_id, visible_at, dedupe_key, event)
            VALUES (@hub, @id, @exec, @visible, @dedupe, @event)
            ON CONFLICT DO NOTHING
            """, rows, cancellationToken);
    }

    // ---- activity work items ------------------------------------------------------------

    public async Task<IReadOnlyList<ActivityWorkItem>> ClaimActivitiesAsync(int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var token = Guid.NewGuid().ToString("N");
        var now = Now();
        var claimed = new List<ActivityWorkItem>();
        await using (var scope = await BeginWriteAsync(cancellationToken))
        {
            await using (var command = scope.Connection.Command(scope.Transaction, ClaimActivitiesSql,
                ("@hub", HubName), ("@now", now), ("@until", now + (long)lease.TotalMilliseconds), ("@token", token), ("@max", maxCount)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var trace = reader.GetNullableString(7) is { } traceParent ? new DistributedTraceContext(traceParent, reader.GetNullableString(8)) : null;
                    claimed.Add(new ActivityWorkItem(reader.GetInt64(0), token, reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                        reader.GetString(4), reader.GetNullableString(5), reader.GetInt32(6), trace));
                }
            }
            await scope.CommitAsync(cancellationToken);
        }
        for (var i = 0; i < claimed.Count; i++)
        {
            if (claimed[i].Input?.StartsWith(PayloadMarker, StringComparison.Ordinal) == true)
            {
                claimed[i] = claimed[i] with { Input = await ResolveAsync(claimed[i].Input, cancellationToken) };
            }
        }
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return claimed;
    }

    public async Task<int> CompleteActivitiesAsync(IReadOnlyList<ActivityCompletion> completions, CancellationToken cancellationToken = default)
    {
        if (completions.Count == 0)
        {
            return 0;
        }
        var prepared = new List<(ActivityCompletion, string)>(completions.Count);
        foreach (var c in completions)
        {
            prepared.Add((c, (await OffloadAsync(c.WorkItem.InstanceId, c.WorkItem.ExecutionId, c.Outcome.ToJson(), cancellationToken))!));
        }
        await using var scope = await BeginWriteAsync(cancellationToken);
        var applied = await CompleteActivityRowsAsync(scope.Connection, scope.Transaction, prepared, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return applied;
    }

    /// <summary>The message key that makes a second outcome for the same call a no-op.</summary>
    protected static string CompletionKey(ActivityWorkItem item) => $"task:{item.ExecutionId}:{item.TaskId}";

    public async Task RenewActivityLeasesAsync(IReadOnlyList<ActivityWorkItem> workItems, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        if (workItems.Count == 0)
        {
            return;
        }
        var until = Now() + (long)lease.TotalMilliseconds;
        await using var scope = await BeginWriteAsync(cancellationToken);
        await scope.Connection.ExecuteManyAsync(scope.Transaction,
            "UPDATE durable_activities SET locked_until = @until WHERE id = @id AND lock_token = @token",
            workItems.Select(w => new (string, object?)[] { ("@until", until), ("@id", w.Id), ("@token", w.LockToken) }).ToList(), cancellationToken);
        await scope.CommitAsync(cancellationToken);
    }

    public async Task ReleaseActivitiesAsync(IReadOnlyList<ActivityWorkItem> workItems, CancellationToken cancellationToken = default)
    {
        if (workItems.Count == 0)
        {
            return;
        }
        await using var scope = await BeginWriteAsync(cancellationToken);
        await scope.Connection.ExecuteManyAsync(scope.Transaction,
            "UPDATE durable_activities SET lock_token = NULL, locked_until = 0 WHERE id = @id AND lock_token = @token",
            workItems.Select(w => new (string, object?)[] { ("@id", w.Id), ("@token", w.LockToken) }).ToList(), cancellationToken);
        await scope.CommitAsync(cancellationToken);
    }

    public async Task<DateTime?> GetNextMessageTimeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var next = await connection.ScalarAsync(null, "SELECT MIN(visible_at) FROM durable_messages WHERE hub = @hub AND visible_at > @now",
            cancellationToken, ("@hub", HubName), ("@now", Now()));
        return next is null ? null : FromMillis(Convert.ToInt64(next)).UtcDateTime;
    }

    public abstract ValueTask DisposeAsync();

    public void Dispose()
    {
        DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }

    // ---- rows and payloads ----------------------------------------------------------------

    private const string InstanceColumns =
        "instance_id, name, status, created_at, last_updated_at, input, output, custom_status, failure, parent_instance_id";

    private sealed record InstanceRow(string InstanceId, string Name, string Status, long CreatedAt, long LastUpdatedAt,
        string? Input, string? Output, string? CustomStatus, string? Failure, string? ParentInstanceId);

    private static InstanceRow ReadInstance(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
        reader.GetNullableString(5), reader.GetNullableString(6), reader.GetNullableString(7), reader.GetNullableString(8), reader.GetNullableString(9));

    private async Task<OrchestrationMetadata> ToMetadataAsync(InstanceRow row, bool includePayloads, CancellationToken cancellationToken) =>
        new(row.Name, row.InstanceId)
        {
            RuntimeStatus = Enum.Parse<OrchestrationRuntimeStatus>(row.Status),
            CreatedAt = FromMillis(row.CreatedAt),
            LastUpdatedAt = FromMillis(row.LastUpdatedAt),
            SerializedInput = includePayloads ? await ResolveAsync(row.Input, cancellationToken) : null,
            SerializedOutput = includePayloads ? await ResolveAsync(row.Output, cancellationToken) : null,
            SerializedCustomStatus = await ResolveAsync(row.CustomStatus, cancellationToken),
            FailureDetails = row.Failure is null ? null : JsonSerializer.Deserialize<TaskFailureDetails>(row.Failure),
            ParentInstanceId = row.ParentInstanceId,
        };

    private async Task<string?> OffloadAsync(string instanceId, string executionId, string? text, CancellationToken cancellationToken)
    {
        if (text is null || text.Length <= payloadThreshold)
        {
            return text;
        }
        var name = $"{HubName}/{instanceId}/{executionId}/{Guid.NewGuid():N}";
        await payloads.WriteAsync(name, text, cancellationToken);
        return PayloadMarker + name;
    }

    private async Task<string?> ResolveAsync(string? text, CancellationToken cancellationToken) =>
        text is not null && text.StartsWith(PayloadMarker, StringComparison.Ordinal)
            ? await payloads.ReadAsync(text[PayloadMarker.Length..], cancellationToken)
            : text;

    /// <summary>An open connection with a write transaction; disposing without commit rolls back.</summary>
    protected sealed class WriteScope(DbConnection connection, DbTransaction transaction, IDisposable? gate) : IAsyncDisposable
    {
        public DbConnection Connection { get; } = connection;

        public DbTransaction Transaction { get; } = transaction;

        public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
            gate?.Dispose();
        }
    }
}
