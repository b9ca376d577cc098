using System.Collections.Concurrent;

namespace MlOps.Functions.Inference;

/// <summary>This host's live counters for every model version it has scored (in memory; the flusher persists them).</summary>
public sealed class InferenceMetrics
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, VersionMetrics>> models = new(StringComparer.Ordinal);

    public VersionMetrics For(string model, int version) =>
        models.GetOrAdd(model, static _ => new ConcurrentDictionary<int, VersionMetrics>())
            .GetOrAdd(version, static _ => new VersionMetrics());

    public IReadOnlyCollection<string> Models => models.Keys.ToList();

    /// <summary>A reading of every version of <paramref name="model"/> this host has counted.</summary>
    public IReadOnlyDictionary<int, VersionCounters> Read(string model) =>
        models.TryGetValue(model, out var versions)
            ? versions.ToDictionary(v => v.Key, v => v.Value.Read())
            : new Dictionary<int, VersionCounters>();
}
