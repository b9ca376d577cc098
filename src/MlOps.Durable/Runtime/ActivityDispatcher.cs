using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlOps.Durable.Hosting;
using MlOps.Durable.Stores;

namespace MlOps.Durable.Runtime;

/// <summary>
/// Claims activity work items, runs them (up to maxConcurrentActivityFunctions at a time) with
/// services from a fresh DI scope, renews their leases while they run, and records outcomes in
/// batches: one transaction for every outcome that is ready.
/// </summary>
internal sealed class ActivityDispatcher(
    IOrchestrationStore store,
    DurableTaskRegistry registry,
    IServiceProvider services,
    DurableTaskSignals signals,
    DurableTaskOptions options,
    DurableMetrics metrics,
    ILogger logger,
    TimeProvider time)
{
    private const int MaxClaim = 200;
    private const int MaxCompletionBatch = 1000;
    private readonly SemaphoreSlim slots = new(options.MaxConcurrentActivityFunctions, options.MaxConcurrentActivityFunctions);
    private readonly ConcurrentDictionary<long, ActivityWorkItem> held = new();
    private readonly ConcurrentDictionary<Task, byte> running = new();
    private readonly Channel<ActivityCompletion> completions = Channel.CreateUnbounded<ActivityCompletion>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource shutdown = new();

    public async Task RunAsync(CancellationToken stopping)
    {
        var writer = Task.Run(WriteCompletionsAsync, CancellationToken.None);
        var renewer = Task.Run(() => RenewLeasesAsync(stopping), CancellationToken.None);
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
            var free = Math.Min(MaxClaim, slots.CurrentCount + 1);
            IReadOnlyList<ActivityWorkItem> items;
            try
            {
                items = await store.ClaimActivitiesAsync(free, options.LeaseDuration, stopping);
            }
            catch (Exception e)
            {
                slots.Release();
                if (stopping.IsCancellationRequested)
                {
                    break;
                }
                logger.LogWarning(e, "Claiming activity work failed; retrying");
                await WaitQuietly(backoff.Next(), stopping);
                continue;
            }
            if (items.Count == 0)
            {
                slots.Release();
                await WaitQuietly(backoff.Next(), stopping);
                continue;
            }
            backoff.Reset();
            for (var i = 1; i < items.Count; i++)
            {
                await slots.WaitAsync(CancellationToken.None);
            }
            foreach (var item in items)
            {
                held[item.Id] = item;
                var task = Task.Run(() => ExecuteAsync(item), CancellationToken.None);
                running[task] = 0;
                _ = task.ContinueWith(t => running.TryRemove(t, out _), TaskScheduler.Default);
            }
        }
        await DrainAsync();
        await shutdown.CancelAsync();
        completions.Writer.TryComplete();
        await writer;
        await renewer;
        // Whatever is still held did not finish in time: hand it back so another host runs it now, not after the lease.
        var unfinished = held.Values.ToList();
        if (unfinished.Count > 0)
        {
            try
            {
                await store.ReleaseActivitiesAsync(unfinished);
                logger.LogInformation("Released {Count} unfinished activities at shutdown", unfinished.Count);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Releasing {Count} activities at shutdown failed; their leases will expire", unfinished.Count);
            }
        }
    }

    private async Task DrainAsync()
    {
        var all = Task.WhenAll(running.Keys);
        if (await Task.WhenAny(all, Task.Delay(options.ShutdownGracePeriod, time)) != all)
        {
            await shutdown.CancelAsync();
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(2), time));
        }
    }

    private async Task ExecuteAsync(ActivityWorkItem item)
    {
        HistoryEvent outcome;
        try
        {
            outcome = await RunActivityAsync(item);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            return; // stopped by shutdown: released, to run again elsewhere
        }
        finally
        {
            slots.Release();
        }
        completions.Writer.TryWrite(new ActivityCompletion(item, outcome));
    }

    private async Task<HistoryEvent> RunActivityAsync(ActivityWorkItem item)
    {
        using var logScope = logger.BeginScope(new Dictionary<string, object>
        {
            ["InstanceId"] = item.InstanceId, ["ActivityName"] = item.Name, ["TaskId"] = item.TaskId,
        });
        using var span = DurableTelemetry.StartActivity(item);
        var startedAt = time.GetTimestamp();
        var outcome = await RunActivityCodeAsync(item);
        var succeeded = outcome.EventType == HistoryEventType.TaskCompleted;
        if (!succeeded)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, outcome.Failure?.Summary);
        }
        metrics.RecordActivity(item.Name, succeeded, time.GetElapsedTime(startedAt));
        return outcome;
    }

    private async Task<HistoryEvent> RunActivityCodeAsync(ActivityWorkItem item)
    {
        await using var scope = services.CreateAsyncScope();
        if (!registry.TryCreateActivity(item.Name, scope.ServiceProvider, out var activity))
        {
            return Failed(item, new TaskFailureDetails("ActivityNotFound", $"No activity named '{item.Name}' is registered with this worker."));
        }
        object? input;
        try
        {
            input = DurableSerializer.Deserialize(item.Input, activity.InputType);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
        {
            return Failed(item, new TaskFailureDetails(e.GetType().FullName!,
                $"The input of activity '{item.Name}' could not be read as {activity.InputType.Name}: {e.Message}"));
        }
        try
        {
            var context = new WorkerActivityContext(item, scope.ServiceProvider, shutdown.Token);
            var result = await activity.RunAsync(context, input);
            return new HistoryEvent
            {
                EventType = HistoryEventType.TaskCompleted,
                Timestamp = time.GetUtcNow().UtcDateTime,
                TaskId = item.TaskId,
                Result = DurableSerializer.Serialize(result),
            };
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Activity '{Name}' (task {TaskId} of {InstanceId}) failed", item.Name, item.TaskId, item.InstanceId);
            return Failed(item, TaskFailureDetails.FromException(e));
        }
    }

    private HistoryEvent Failed(ActivityWorkItem item, TaskFailureDetails failure) => new()
    {
        EventType = HistoryEventType.TaskFailed,
        Timestamp = time.GetUtcNow().UtcDateTime,
        TaskId = item.TaskId,
        Failure = failure,
    };

    private async Task WriteCompletionsAsync()
    {
        var reader = completions.Reader;
        var batch = new List<ActivityCompletion>();
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < MaxCompletionBatch && reader.TryRead(out var completion))
            {
                batch.Add(completion);
            }
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await store.CompleteActivitiesAsync(batch);
                    break;
                }
                catch (Exception e) when (attempt < 10)
                {
                    logger.LogWarning(e, "Recording {Count} activity outcomes failed (attempt {Attempt}); retrying", batch.Count, attempt);
                    await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), time);
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Recording {Count} activity outcomes failed; they will run again once their leases expire", batch.Count);
                    break;
                }
            }
            foreach (var completion in batch)
            {
                held.TryRemove(completion.WorkItem.Id, out _);
            }
            batch.Clear();
            signals.Orchestrations.Set();
        }
    }

    private async Task RenewLeasesAsync(CancellationToken stopping)
    {
        var interval = options.LeaseDuration / 3;
        while (!stopping.IsCancellationRequested || !running.IsEmpty)
        {
            try
            {
                await Task.Delay(interval, time, shutdown.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (stopping.IsCancellationRequested && running.IsEmpty)
            {
                return;
            }
            try
            {
                await store.RenewActivityLeasesAsync(held.Values.ToList(), options.LeaseDuration);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Renewing activity leases failed");
            }
        }
    }

    private async Task WaitQuietly(TimeSpan timeout, CancellationToken stopping)
    {
        try
        {
            await signals.Activities.WaitAsync(timeout, stopping);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class WorkerActivityContext(ActivityWorkItem item, IServiceProvider services, CancellationToken shutdownToken) : TaskActivityContext
    {
        public override string Name => item.Name;

        public override string InstanceId => item.InstanceId;

        public override int TaskId => item.TaskId;

        public override int DeliveryCount => item.DeliveryCount;

        public override IServiceProvider Services => services;

        public override CancellationToken ShutdownToken => shutdownToken;
    }
}
