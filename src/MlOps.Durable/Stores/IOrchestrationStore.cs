namespace MlOps.Durable.Stores;

/// <summary>
/// Where a task hub keeps its instances, histories, inboxes and activity work items. Work is
/// claimed under leases: a host that stops renewing loses them and another host takes over.
/// A turn commits only while its lease is still held, so a stale host's commit is rejected.
/// </summary>
public interface IOrchestrationStore : IAsyncDisposable, IDisposable
{
    string HubName { get; }

    /// <summary>A short description for logs and benchmarks, e.g. "sqlite" or "postgres".</summary>
    string Kind { get; }

    /// <summary>Creates or migrates the schema. Safe to call from several hosts at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    Task<CreateInstanceOutcome> CreateInstanceAsync(
        NewOrchestrationInstance instance,
        IReadOnlyCollection<OrchestrationRuntimeStatus>? dedupeStatuses,
        CancellationToken cancellationToken = default);

    Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool includePayloads, CancellationToken cancellationToken = default);

    Task<OrchestrationQueryPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Puts a message in an existing instance's inbox; returns the instance's status, or null when it does not exist.</summary>
    Task<OrchestrationRuntimeStatus?> SendMessageAsync(OutgoingMessage message, CancellationToken cancellationToken = default);

    /// <summary>Deletes a finished instance with its history and payloads; false when missing or still running.</summary>
    Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    Task<int> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OrchestrationWorkItem>> ClaimOrchestrationsAsync(int maxCount, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Loads a claimed instance: history from <paramref name="historyFrom"/> on (when the caller still holds
    /// the earlier part for <paramref name="knownExecutionId"/>), and the visible inbox.</summary>
    Task<OrchestrationTurnState?> LoadTurnAsync(
        OrchestrationWorkItem workItem,
        string? knownExecutionId,
        int historyFrom,
        int maxMessages,
        CancellationToken cancellationToken = default);

    /// <summary>Commits a turn; false when the lease was lost (another host has the instance now).</summary>
    Task<bool> CommitTurnAsync(OrchestrationTurnCommit commit, CancellationToken cancellationToken = default);

    Task ReleaseOrchestrationAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ActivityWorkItem>> ClaimActivitiesAsync(int maxCount, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Records activity outcomes as inbox messages. An outcome whose lease was lost is dropped:
    /// the host that holds it now reports it instead, so each call is answered once.</summary>
    Task<int> CompleteActivitiesAsync(IReadOnlyList<ActivityCompletion> completions, CancellationToken cancellationToken = default);

    Task RenewActivityLeasesAsync(IReadOnlyList<ActivityWorkItem> workItems, TimeSpan lease, CancellationToken cancellationToken = default);

    Task ReleaseActivitiesAsync(IReadOnlyList<ActivityWorkItem> workItems, CancellationToken cancellationToken = default);

    /// <summary>When the next invisible message (a timer) becomes visible, if any.</summary>
    Task<DateTime?> GetNextMessageTimeAsync(CancellationToken cancellationToken = default);
}
