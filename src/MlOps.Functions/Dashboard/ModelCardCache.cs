using System.Collections.Concurrent;
using MlOps.Registry;

namespace MlOps.Functions.Dashboard;

/// <summary>
/// Model cards kept in memory once read: a registered version never changes, so a card read once
/// is good forever, and a model page with hundreds of versions reads only the new ones.
/// </summary>
public sealed class ModelCardCache(ModelRegistryClient registry)
{
    private readonly ConcurrentDictionary<(string Model, int Version), Task<ModelCard>> cards = new();

    public async Task<ModelCard> GetAsync(string model, int version, CancellationToken cancellationToken)
    {
        var key = (model, version);
        var task = cards.GetOrAdd(key, k => registry.GetVersionAsync(k.Model, k.Version, CancellationToken.None));
        try
        {
            return await task.WaitAsync(cancellationToken);
        }
        catch when (task.IsFaulted || task.IsCanceled)
        {
            // A failed read (not registered yet, storage hiccup) is not remembered.
            cards.TryRemove(new KeyValuePair<(string, int), Task<ModelCard>>(key, task));
            throw;
        }
    }

    /// <summary>The cards of <paramref name="versions"/>, read eight at a time where not cached.</summary>
    public async Task<IReadOnlyList<ModelCard>> GetManyAsync(string model, IReadOnlyList<int> versions, CancellationToken cancellationToken)
    {
        var result = new ModelCard[versions.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, versions.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => result[i] = await GetAsync(model, versions[i], ct));
        return result;
    }
}
