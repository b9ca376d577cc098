using System.Text.Json;
using MlOps.Learning.Sweeps;
using MlOps.Learning.Trials;
using MlOps.Storage;
using MlOps.Storage.Blobs;

namespace MlOps.Functions.Pipeline;

/// <summary>Trial files in blob storage: specs written by the host, metrics and models written by the trial jobs.</summary>
public sealed class TrialStore(BlobServiceClient storage, string containerName)
{
    public const string SpecScheme = "blob:";

    private BlobContainerClient Container => storage.GetBlobContainerClient(containerName);

    public string ContainerName => containerName;

    /// <summary>The spec location handed to the job: <c>blob:{container}/{prefix}spec.json</c>.</summary>
    public async Task<string> WriteSpecAsync(TrialSpec spec, CancellationToken cancellationToken)
    {
        await Container.CreateIfNotExistsAsync(cancellationToken);
        var name = spec.OutputPrefix + TrialOutputs.Spec;
        await Container.GetBlobClient(name).UploadAsync(BinaryData.FromString(spec.ToJson()), new BlobUploadOptions { ContentType = "application/json" }, cancellationToken);
        return $"{SpecScheme}{containerName}/{name}";
    }

    public async Task<TrialFinalMetrics?> ReadFinalAsync(string outputPrefix, CancellationToken cancellationToken)
    {
        try
        {
            var (content, _) = await Container.GetBlobClient(outputPrefix + TrialOutputs.Final).DownloadContentAsync(cancellationToken: cancellationToken);
            return content.ToObjectFromJson<TrialFinalMetrics>(TrialSpec.Json);
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>The intermediate curve written so far (objective = accuracy or kappa per step).</summary>
    public async Task<IReadOnlyList<TrialMetricsLine>> ReadIntermediateAsync(string outputPrefix, CancellationToken cancellationToken)
    {
        try
        {
            var (content, _) = await Container.GetBlobClient(outputPrefix + TrialOutputs.Intermediate).DownloadContentAsync(cancellationToken: cancellationToken);
            var lines = new List<TrialMetricsLine>();
            foreach (var line in content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                try
                {
                    lines.Add(JsonSerializer.Deserialize<TrialMetricsLine>(line, TrialSpec.Json)!);
                }
                catch (JsonException)
                {
                    // A line cut off mid-write is read again, whole, at the next poll.
                }
            }
            return lines;
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            return [];
        }
    }

    /// <summary>The sweep's finished trials (those with a metrics.json), for median stopping.</summary>
    public async Task<IReadOnlyList<TrialFinalMetrics>> ReadFinishedAsync(string sweepPrefix, IDictionary<string, TrialFinalMetrics> cache, CancellationToken cancellationToken)
    {
        await foreach (var blob in Container.GetBlobsAsync(sweepPrefix, cancellationToken: cancellationToken))
        {
            if (blob.Name.EndsWith("/" + TrialOutputs.Final, StringComparison.Ordinal) && !cache.ContainsKey(blob.Name))
            {
                var prefix = blob.Name[..^TrialOutputs.Final.Length];
                if (await ReadFinalAsync(prefix, cancellationToken) is { } final)
                {
                    cache[blob.Name] = final;
                }
            }
        }
        return cache.Values.ToList();
    }

    public static double Objective(TrialMetricsLine line, string metric) =>
        metric.Equals("kappa", StringComparison.OrdinalIgnoreCase) ? line.Kappa : line.Accuracy;

    public static double Objective(TrialFinalMetrics final, string metric) =>
        metric.Equals("kappa", StringComparison.OrdinalIgnoreCase) ? final.Kappa : final.Accuracy;

    public static IReadOnlyList<IntermediateValue> Curve(IEnumerable<TrialMetricsLine> lines, string metric) =>
        lines.Select(l => new IntermediateValue(l.Step, Objective(l, metric))).ToList();
}
