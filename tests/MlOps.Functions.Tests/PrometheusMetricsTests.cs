using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Functions.Telemetry;
using MlOps.Learning.Sweeps;

namespace MlOps.Functions.Tests;

/// <summary>
/// The Prometheus rendering on its own: OpenTelemetry's naming rules, and the app's instruments
/// (inference per version, trials) read back by an independent parser, escapes included.
/// </summary>
public sealed class PrometheusMetricsTests
{
    [Theory]
    [InlineData("mlops.trials.started", "{trial}", true, "mlops_trials_started_total")]
    [InlineData("mlops.inference.duration", "s", false, "mlops_inference_duration_seconds")]
    [InlineData("http.server.request.duration", "s", false, "http_server_request_duration_seconds")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", true, "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("queue.rate", "{message}/s", false, "queue_rate_per_second")]
    [InlineData("already_total", "", true, "already_total")]
    [InlineData("9lives", "1", false, "_9lives")]
    [InlineData("odd--name..x", "ms", false, "odd_name_x_milliseconds")]
    public void Names_follow_the_opentelemetry_prometheus_rules(string instrument, string unit, bool counter, string expected) =>
        Assert.Equal(expected, PrometheusTextFormat.FamilyName(instrument, unit, counter));

    [Fact]
    public void Inference_and_trials_are_scraped_with_their_labels_and_values_escaped()
    {
        using var services = new ServiceCollection().AddMetrics().AddSingleton<MlOpsMetrics>().BuildServiceProvider();
        var scraper = new PrometheusScraper();
        using var providers = new TelemetryProviders(new ConfigurationBuilder().Build(), Options.Create(new TelemetryOptions()),
            services.GetRequiredService<IMeterFactory>(), scraper);
        var metrics = services.GetRequiredService<MlOpsMetrics>();
        const string odd = "quote \" backslash \\ newline \n end";

        metrics.RecordInference("basin", 2, TimeSpan.FromMilliseconds(3), rows: 4096, succeeded: true, alias: "challenger");
        metrics.RecordInference("basin", 2, TimeSpan.FromMilliseconds(40), rows: 1024, succeeded: true, alias: "challenger");
        metrics.RecordInference("basin", 1, TimeSpan.FromMilliseconds(7), rows: 0, succeeded: false, alias: "champion");
        metrics.RecordInference(odd, 1, TimeSpan.FromSeconds(30), rows: 1, succeeded: true);
        metrics.TrialStarted("basin", "rf");
        metrics.TrialCompleted("basin", "rf", TrialStatus.EarlyStopped, TimeSpan.FromSeconds(12));

        var families = PrometheusPeer.Parse(scraper.Scrape(TimeSpan.FromSeconds(10))!).ToDictionary(f => f.Name);

        var requests = families["mlops_inference_requests"];
        Assert.Equal("counter", requests.Type);
        Assert.Equal(2, requests.Samples.Single(s => s.Labels["version"] == "2" && s.Labels["alias"] == "challenger" && s.Labels["outcome"] == "ok").Value);
        Assert.Equal(1, requests.Samples.Single(s => s.Labels["version"] == "1" && s.Labels["outcome"] == "error").Value);
        Assert.Equal(1, requests.Samples.Single(s => s.Labels["model"] == odd).Value);
        Assert.Equal(5120, families["mlops_inference_rows"].Samples.Single(s => s.Labels["version"] == "2").Value);

        var latency = families["mlops_inference_duration_seconds"];
        Assert.Equal("histogram", latency.Type);
        double Bucket(string version, string le) =>
            latency.Samples.Single(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal) && s.Labels["model"] == "basin" && s.Labels["version"] == version && s.Labels["le"] == le).Value;
        Assert.Equal((0, 1, 1, 2), (Bucket("2", "0.0025"), Bucket("2", "0.005"), Bucket("2", "0.025"), Bucket("2", "0.05")));
        Assert.Equal(2, Bucket("2", "+Inf"));
        Assert.Equal(0.043, latency.Samples.Single(s => s.Name.EndsWith("_sum", StringComparison.Ordinal) && s.Labels["version"] == "2").Value, 9);

        Assert.Equal(1, families["mlops_trials_completed"].Samples.Single(s => s.Labels["outcome"] == "early_stopped" && s.Labels["model"] == "rf").Value);
        Assert.Contains("Prediction requests", requests.Help, StringComparison.Ordinal);
    }
}
