using System.Diagnostics;
using MlOps.Durable;
using MlOps.Durable.Payloads;
using MlOps.Durable.Stores;
using MlOps.Functions.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MlOps.Bench;

public sealed record TelemetryBenchmarkResult(
    string Pattern,
    int Count,
    int Rounds,
    double TracedPerSecond,
    long SpansRecorded,
    int MetricsTextBytes,
    string Peer,
    double PeerPerSecond,
    double Ratio);

/// <summary>
/// What tracing and metrics cost the durable engine: the <c>bench durable</c> workload run with
/// the OpenTelemetry SDK recording every span (batched to an exporter that counts them) and the
/// engine's metrics collected for a Prometheus scrape, next to the same workload with nobody
/// listening, alternating the two for several rounds and comparing medians.
/// </summary>
public static class TelemetryBenchmark
{
    public static async Task<TelemetryBenchmarkResult> RunAsync(string pattern, int count, int rounds, string workDirectory, CancellationToken cancellationToken)
    {
        if (pattern is not ("fanout" or "sequence"))
        {
            throw new ArgumentException($"--pattern '{pattern}' is not known: use fanout or sequence.", nameof(pattern));
        }
        if (count < 1 || rounds < 1)
        {
            throw new ArgumentException($"--count and --rounds must be at least 1, not {count} and {rounds}.");
        }
        var run = Path.Combine(workDirectory, $"telemetry-{Guid.NewGuid():N}");
        Directory.CreateDirectory(run);
        try
        {
            var plain = new List<double>();
            var traced = new List<double>();
            long spans = 0;
            var metricsBytes = 0;
            for (var round = 0; round < rounds; round++)
            {
                // Which goes first alternates, so a machine warming up or getting busier favours neither.
                foreach (var withTelemetry in round % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    if (!withTelemetry)
                    {
                        plain.Add(await DurableBenchmark.TimeAsync(Store(run), pattern, count, cancellationToken));
                        continue;
                    }
                    var exporter = new CountingExporter();
                    var scraper = new PrometheusScraper();
                    using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(DurableTelemetry.SourceName).AddProcessor(new BatchActivityExportProcessor(exporter)).Build())
                    using (var metrics = Sdk.CreateMeterProviderBuilder().AddMeter(DurableTelemetry.SourceName).AddReader(scraper.Reader).Build())
                    {
                        traced.Add(await DurableBenchmark.TimeAsync(Store(run), pattern, count, cancellationToken));
                        metricsBytes = scraper.Scrape(TimeSpan.FromSeconds(10))?.Length ?? 0;
                    }
                    spans = exporter.Count;
                }
            }
            var peerPerSecond = count / Median(plain);
            var tracedPerSecond = count / Median(traced);
            return new TelemetryBenchmarkResult(pattern, count, rounds, Math.Round(tracedPerSecond, 1), spans, metricsBytes,
                "the same engine and workload with no tracer or meter listening", Math.Round(peerPerSecond, 1), Math.Round(tracedPerSecond / peerPerSecond, 2));
        }
        finally
        {
            try
            {
                Directory.Delete(run, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static Func<IOrchestrationStore> Store(string run)
    {
        var file = Path.Combine(run, $"{Guid.NewGuid():N}.sqlite");
        return () => new SqliteOrchestrationStore($"Data Source={file}", "bench", new FileSystemPayloadStore(Path.Combine(run, "payloads")));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private sealed class CountingExporter : BaseExporter<Activity>
    {
        private long count;

        public long Count => Interlocked.Read(ref count);

        public override ExportResult Export(in Batch<Activity> batch)
        {
            Interlocked.Add(ref count, batch.Count);
            return ExportResult.Success;
        }
    }
}
