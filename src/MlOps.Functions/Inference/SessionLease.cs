namespace MlOps.Functions.Inference;

/// <summary>
/// A request's hold on a loaded model: while any lease is open the session stays alive, even
/// if the cache has already let it go for a newer version. Dispose it when the request is done.
/// </summary>
public sealed class SessionLease : IDisposable
{
    private readonly ModelSessionCache.Entry entry;
    private int released;

    internal SessionLease(ModelSessionCache.Entry entry, ServingModel model)
    {
        this.entry = entry;
        Model = model;
    }

    public ServingModel Model { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            entry.Release();
        }
    }
}
