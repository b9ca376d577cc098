using System.Collections.Concurrent;

namespace MlOps.Durable.Runtime;

/// <summary>
/// Runs orchestration code on the calling thread only, in the order work was queued, so a
/// replay of the same history runs the same code in the same order. Both awaits that capture
/// the synchronization context and tasks started on <see cref="TaskScheduler.Current"/> land here.
/// </summary>
internal sealed class DeterministicScheduler : TaskScheduler
{
    private readonly ConcurrentQueue<Task> queue = new();

    public override int MaximumConcurrencyLevel => 1;

    public SynchronizationContext SynchronizationContext => new DeterministicSynchronizationContext(this);

    public Task<T> Start<T>(Func<Task<T>> function) =>
        Task.Factory.StartNew(function, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    /// <summary>Runs queued work until nothing is left; the orchestration is then waiting for history.</summary>
    public void RunUntilIdle()
    {
        while (queue.TryDequeue(out var task))
        {
            TryExecuteTask(task);
        }
    }

    protected override void QueueTask(Task task) => queue.Enqueue(task);

    // Never inline: everything runs from RunUntilIdle, first queued first run.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => queue.ToArray();

    private sealed class DeterministicSynchronizationContext(DeterministicScheduler scheduler) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback callback, object? state) =>
            Task.Factory.StartNew(() => callback(state), CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler);

        public override void Send(SendOrPostCallback callback, object? state) => callback(state);

        public override SynchronizationContext CreateCopy() => this;
    }
}
