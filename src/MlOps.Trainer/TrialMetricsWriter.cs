using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using MlOps.Learning.Trials;
using MlOps.Storage.Blobs;

namespace MlOps.Trainer;

/// <summary>
/// metrics.jsonl as the trial trains: each step is appended and the whole (small) file is
/// rewritten in blob storage by a background writer, so training never waits on storage and
/// the sweep can read the curve while the trial still runs.
/// </summary>
public sealed class TrialMetricsWriter
{
    private static readonly JsonSerializerOptions Compact = new(TrialSpec.Json) { WriteIndented = false };

    private readonly BlobClient blob;
    private readonly StringBuilder lines = new();
    private readonly List<TrialMetricsLine> curve = [];
    private readonly Channel<bool> dirty = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Task uploads;

    public TrialMetricsWriter(BlobClient blob, CancellationToken cancellationToken)
    {
        this.blob = blob;
        uploads = UploadLoopAsync(cancellationToken);
    }

    public IReadOnlyList<TrialMetricsLine> Curve
    {
        get
        {
            lock (lines)
            {
                return curve.ToList();
            }
        }
    }

    public void Append(TrialMetricsLine line)
    {
        lock (lines)
        {
            curve.Add(line);
            lines.Append(JsonSerializer.Serialize(line, Compact)).Append('\n');
        }
        dirty.Writer.TryWrite(true);
    }

    /// <summary>Writes what is left and stops the background writer.</summary>
    public async Task CompleteAsync()
    {
        dirty.Writer.TryComplete();
        await uploads;
    }

    private async Task UploadLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in dirty.Reader.ReadAllAsync(cancellationToken))
        {
            string snapshot;
            lock (lines)
            {
                snapshot = lines.ToString();
            }
            await blob.UploadAsync(BinaryData.FromString(snapshot), new BlobUploadOptions { ContentType = "application/x-ndjson" }, cancellationToken);
        }
    }
}
