using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MlOps.Onnx.Runtime;

namespace MlOps.Functions.Inference;

/// <summary>A served request to score again with another version, off the response path.</summary>
public sealed record MirrorWork(string Model, int Version, FeatureBatch Input, long[] ServedLabels, PredictionRecord Record);

/// <summary>
/// Shadow scoring: requests the router mirrors wait here (bounded; a full queue drops the work
/// and counts it) and background workers score them with the mirror version, recording its
/// latency, classes and failures, and how often it agrees with the version that served.
/// </summary>
public sealed class MirrorQueue(
    ModelSessionCache sessions,
    InferenceMetrics metrics,
    IOptions<InferenceOptions> options,
    ILogger<MirrorQueue> logger) : BackgroundService
{
    private readonly Channel<MirrorWork> channel = Channel.CreateBounded<MirrorWork>(new BoundedChannelOptions(options.Value.MirrorQueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleWriter = false,
        SingleReader = options.Value.MirrorWorkers == 1,
    });

    private long pending;

    /// <summary>Mirrored requests queued or being scored now.</summary>
    public long Pending => Interlocked.Read(ref pending);

    public void Enqueue(MirrorWork work)
    {
        Interlocked.Increment(ref pending);
        if (!channel.Writer.TryWrite(work))
        {
            Interlocked.Decrement(ref pending);
            metrics.For(work.Model, work.Version).RecordMirrorDropped();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.MirrorWorkers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in channel.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await ScoreAsync(work, stoppingToken).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref pending);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ScoreAsync(MirrorWork work, CancellationToken cancellationToken)
    {
        var counters = metrics.For(work.Model, work.Version);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var lease = await sessions.AcquireAsync(work.Model, work.Version, cancellationToken).ConfigureAwait(false);
            var values = work.Input.AlignTo(lease.Model.InputColumns);
            var prediction = lease.Model.Session.Run(values, work.Input.Rows, lease.Model.InputColumns.Count);
            counters.RecordScored(mirrored: true, Stopwatch.GetElapsedTime(started).TotalMilliseconds, prediction.Labels);
            long agreed = 0;
            for (var i = 0; i < prediction.Labels.Length; i++)
            {
                if (prediction.Labels[i] == work.ServedLabels[i])
                {
                    agreed++;
                }
            }
            counters.RecordAgreement(prediction.Labels.Length, agreed);
            work.Record.SetMirror(work.Version, prediction.Labels);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is OnnxRuntimeException or ModelLoadException or InferenceRequestException or MlOps.Registry.ModelRegistryException)
        {
            counters.RecordFailure(mirrored: true);
            logger.LogDebug(e, "Mirrored scoring with {Model}:{Version} failed", work.Model, work.Version);
        }
    }
}
