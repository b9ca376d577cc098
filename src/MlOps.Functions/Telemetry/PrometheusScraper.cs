using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace MlOps.Functions.Telemetry;

/// <summary>
/// A pull reader for the host's meter provider: each scrape collects every instrument (the
/// cumulative totals since the host started) and renders them as Prometheus text. Scrapes are
/// serialized; a scrape that arrives while another collects waits for it.
/// </summary>
public sealed class PrometheusScraper
{
    private readonly object gate = new();
    private readonly TextExporter exporter = new();

    public PrometheusScraper() => Reader = new BaseExportingMetricReader(exporter);

    /// <summary>Add this to the meter provider.</summary>
    public MetricReader Reader { get; }

    /// <summary>The exposition text of every metric now, or null when the provider is gone or did not answer in time.</summary>
    public string? Scrape(TimeSpan timeout)
    {
        lock (gate)
        {
            exporter.Target = new StringBuilder();
            try
            {
                return Reader.Collect((int)timeout.TotalMilliseconds) ? exporter.Target.ToString() : null;
            }
            finally
            {
                exporter.Target = null;
            }
        }
    }

    // A push exporter that only this scraper drives: the SDK reserves pull-only readers for its own Prometheus exporter.
    private sealed class TextExporter : BaseExporter<Metric>
    {
        public StringBuilder? Target { get; set; }

        public override ExportResult Export(in Batch<Metric> batch)
        {
            if (Target is not { } text)
            {
                return ExportResult.Success; // the provider's final collection at shutdown: nobody is scraping
            }
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var metric in batch)
            {
                // Two instruments that map to one family name would make the text invalid: the first one wins.
                var family = PrometheusTextFormat.FamilyName(metric);
                if (written.Add(family) && !PrometheusTextFormat.Write(text, metric, family))
                {
                    written.Remove(family);
                }
            }
            return ExportResult.Success;
        }
    }
}
