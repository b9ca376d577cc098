namespace MlOps.Durable.Runtime;

/// <summary>An auto-reset wake-up: producers in this process set it so a dispatcher polls at once instead of after its back-off.</summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim semaphore = new(0, 1);

    public void Set()
    {
        try
        {
            if (semaphore.CurrentCount == 0)
            {
                semaphore.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // already set
        }
    }

    /// <summary>True when woken by <see cref="Set"/>, false when the timeout passed.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => semaphore.WaitAsync(timeout, cancellationToken);
}
