using System.Globalization;
using Microsoft.Extensions.Options;

namespace MlOps.Functions.Inference;

/// <summary>
/// Writes this host's counters to the <see cref="OnlineMetricsStore"/> every
/// <see cref="InferenceOptions.MetricsFlushInterval"/>, once more at shutdown, and on demand
/// (a rollout gate flushes before it reads, so the host it runs on is never behind).
/// </summary>
public sealed class MetricsFlusher(
    InferenceMetrics metrics,
    OnlineMetricsStore store,
    IOptions<InferenceOptions> options,
    TimeProvider time,
    ILogger<MetricsFlusher> logger) : BackgroundService
{
    private readonly SemaphoreSlim flushing = new(1, 1);

    /// <summary>This host's name in the metrics documents.</summary>
    public string HostId { get; } = options.Value.HostId is { Length: > 0 } configured
        ? configured
        : $"{Sanitize(Environment.MachineName)}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}";

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var model in metrics.Models)
            {
                var versions = metrics.Read(model).ToDictionary(v => v.Key.ToString(CultureInfo.InvariantCulture), v => v.Value);
                await store.WriteAsync(new HostMetricsDocument(HostId, model, time.GetUtcNow(), versions), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MetricsFlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await FlushAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not write this host's inference metrics; trying again in {Interval}", options.Value.MetricsFlushInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not write this host's inference metrics at shutdown");
        }
    }

    private static string Sanitize(string name) =>
        new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}
