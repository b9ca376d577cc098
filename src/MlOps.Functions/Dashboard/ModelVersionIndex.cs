using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MlOps.Registry;

namespace MlOps.Functions.Dashboard;

/// <summary>
/// Which versions a model has, without listing its registry folder on every page: the folder is
/// listed at most once per <see cref="DashboardOptions.VersionListingInterval"/>, and in between
/// the next numbers are probed (the registry numbers new versions one above the highest), so a
/// version registered a moment ago shows at once. A number the registry skipped (an abandoned
/// registration) is caught up by the next listing.
/// </summary>
public sealed class ModelVersionIndex(ModelRegistryClient registry, ModelCardCache cards, IOptions<DashboardOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>The model's registered version numbers, oldest first.</summary>
    public async Task<IReadOnlyList<int>> GetAsync(string model, CancellationToken cancellationToken)
    {
        var entry = entries.GetOrAdd(model, _ => new Entry());
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (entry.ListedAt is null || now - entry.ListedAt >= options.Value.VersionListingInterval)
            {
                entry.Versions = [.. await registry.GetVersionNumbersAsync(model, cancellationToken)];
                entry.ListedAt = now;
                return entry.Versions;
            }
            var next = entry.Versions.Count == 0 ? 1 : entry.Versions[^1] + 1;
            while (await IsRegisteredAsync(model, next, cancellationToken))
            {
                entry.Versions = [.. entry.Versions, next];
                next++;
            }
            return entry.Versions;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task<bool> IsRegisteredAsync(string model, int version, CancellationToken cancellationToken)
    {
        try
        {
            await cards.GetAsync(model, version, cancellationToken);
            return true;
        }
        catch (ModelRegistryException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset? ListedAt { get; set; }

        public IReadOnlyList<int> Versions { get; set; } = [];
    }
}
