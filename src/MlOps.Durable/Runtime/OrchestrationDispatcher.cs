using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MlOps.Durable.Hosting;
using MlOps.Durable.Stores;

namespace MlOps.Durable.Runtime;

/// <summary>
/// Claims instances with waiting messages and runs one turn for each, up to
/// maxConcurrentOrchestratorFunctions at a time. A turn takes every visible message of its
/// instance, so a fan-in of many completions costs a few turns, not one per completion.
/// </summary>
internal sealed class OrchestrationDispatcher(
    IOrchestrationStore store,
    OrchestrationTurnProcessor processor,
    DurableTaskSignals signals,
    DurableTaskOptions options,
    DurableMetrics metrics,
    ILogger logger,
    TimeProvider time)
{
    private const int MaxMessagesPerTurn = 10_000;
    private readonly SemaphoreSlim slots = new(options.MaxConcurrentOrchestratorFunctions, options.MaxConcurrentOrchestratorFunctions);
    private readonly HistoryCache cache = new(1000);
    private readonly ConcurrentDictionary<Task, byte> running = new();

    public async Task RunAsync(CancellationToken stopping)
    {
        var backoff = new PollingBackoff(options.StorageProvider.MaxQueuePollingInterval);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var free = slots.CurrentCount + 1;
            IReadOnlyList<OrchestrationWorkItem> items;
            try
            {
                items = await store.ClaimOrchestrationsAsync(free, options.LeaseDuration, stopping);
            }
            catch (Exception e)
            {
                slots.Release();
                if (stopping.IsCancellationRequested)
                {
                    break;
                }
                logger.LogWarning(e, "Claiming orchestration work failed; retrying");
                await WaitQuietly(signals.Orchestrations, backoff.Next(), stopping);
                continue;
            }
            if (items.Count == 0)
            {
                slots.Release();
                await WaitQuietly(signals.Orchestrations, backoff.Next(), stopping);
                continue;
            }
            backoff.Reset();
            for (var i = 1; i < items.Count; i++)
            {
                await slots.WaitAsync(CancellationToken.None);
            }
            foreach (var item in items)
            {
                Track(Task.Run(() => ProcessAsync(item)));
            }
        }
        await Task.WhenAll(running.Keys);
    }

    private void Track(Task task)
    {
        running[task] = 0;
        task.ContinueWith(t => running.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task ProcessAsync(OrchestrationWorkItem item)
    {
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = item.InstanceId });
        var startedAt = time.GetTimestamp();
        string? turnOf = null; // set once the turn ran the orchestration's code, for the turn metrics
        var outcome = "Error";
        try
        {
            var cached = cache.Get(item.InstanceId);
            var state = await store.LoadTurnAsync(item, cached?.ExecutionId, cached?.Events.Count ?? 0, MaxMessagesPerTurn);
            if (state is null)
            {
                cache.Remove(item.InstanceId);
                return; // the lease expired and someone else has it
            }
            IReadOnlyList<HistoryEvent> history = state.HistoryFrom == 0 || cached is null
                ? state.History
                : [.. cached.Events.Take(state.HistoryFrom), .. state.History];
            var commit = processor.Process(item, state, history);
            if (commit is null)
            {
                await store.ReleaseOrchestrationAsync(item);
                return;
            }
            turnOf = commit.DiscardOnly ? null : state.Name;
            if (!await store.CommitTurnAsync(commit))
            {
                cache.Remove(item.InstanceId);
                outcome = "LeaseLost";
                logger.LogInformation("The lease on orchestration {InstanceId} was lost; its turn was discarded and will be redone", item.InstanceId);
                return;
            }
            outcome = commit.Status.ToString();
            AfterCommit(commit, history);
        }
        catch (Exception e)
        {
            cache.Remove(item.InstanceId);
            logger.LogError(e, "A turn of orchestration {InstanceId} failed; it will be retried", item.InstanceId);
            try
            {
                await store.ReleaseOrchestrationAsync(item);
            }
            catch (Exception release)
            {
                logger.LogWarning(release, "Releasing orchestration {InstanceId} failed; its lease will expire", item.InstanceId);
            }
        }
        finally
        {
            if (turnOf is not null)
            {
                metrics.RecordTurn(turnOf, outcome, time.GetElapsedTime(startedAt));
            }
            slots.Release();
        }
    }

    private void AfterCommit(OrchestrationTurnCommit commit, IReadOnlyList<HistoryEvent> history)
    {
        var instanceId = commit.WorkItem.InstanceId;
        if (!commit.DiscardOnly)
        {
            if (commit.Status.IsTerminal() || commit.Restart is not null)
            {
                cache.Remove(instanceId);
            }
            else
            {
                cache.Set(instanceId, commit.ExecutionId, [.. history, .. commit.NewHistory]);
            }
            if (commit.Activities.Count > 0)
            {
                signals.Activities.Set();
            }
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var message in commit.Messages.Where(m => m.VisibleAt > now))
            {
                signals.WakeAt(message.VisibleAt, time);
            }
            signals.InstanceUpdated(instanceId);
        }
        // More messages may have arrived during the turn, and messages to other instances may be waiting.
        signals.Orchestrations.Set();
    }

    private static async Task WaitQuietly(WorkSignal signal, TimeSpan timeout, CancellationToken stopping)
    {
        try
        {
            await signal.WaitAsync(timeout, stopping);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
