using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MlOps.Registry;

namespace MlOps.Functions.Dashboard;

/// <summary>
/// Which versions a model has, without listing its registry folder on every page: the folder is
/// listed once, then again in the background once <see cref="DashboardOptions.VersionListingInterval"/>
/// has passed, and on every request the next numbers are probed (the registry numbers new
/// versions one above the highest), so a version registered a moment ago shows at once. A
/// number the registry skipped (an abandoned registration) is caught up by the next listing.
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
            if (entry.ListedAt is null)
            {
                entry.Versions = [.. await registry.GetVersionNumbersAsync(model, cancellationToken)];
                entry.ListedAt = time.GetUtcNow();
                return entry.Versions;
            }
            if (time.GetUtcNow() - entry.ListedAt >= options.Value.VersionListingInterval && entry.Relisting is null or { IsCompleted: true })
            {
                // Listed again in the background: no page waits for a listing once the first one is done.
                entry.Relisting = RelistAsync(model, entry);
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

    private async Task RelistAsync(string model, Entry entry)
    {
        try
        {
            var listed = await registry.GetVersionNumbersAsync(model, CancellationToken.None);
            await entry.Gate.WaitAsync();
            try
            {
                // Versions probed meanwhile are in the listing too, unless registered after it was taken.
                entry.Versions = [.. listed.Union(entry.Versions).Order()];
                entry.ListedAt = time.GetUtcNow();
            }
            finally
            {
                entry.Gate.Release();
            }
        }
        catch (Exception e) when (e is MlOps.Storage.StorageRequestException or HttpRequestException or ModelRegistryException)
        {
            // Storage unreachable for now: the next stale request tries again.
        }
        finally
        {
            entry.Relisting = null;
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

        public Task? Relisting { get; set; }
    }
}
