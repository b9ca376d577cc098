using System.Net;
using MlOps.Durable;
using MlOps.Functions.Pipeline;
using MlOps.Functions.Telemetry;
using MlOps.Learning.Trials;
using MlOps.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MlOps.Functions.Tests;

/// <summary>
/// One retrain run, traced: a survey year lands in Azurite, the local Event Grid delivers the
/// BlobCreated event to the host's webhook, and the run goes through the real trainer. The
/// host's spans go to an in-memory exporter, and host and trial processes export OTLP to a
/// loopback collector. Afterwards: the trials' metrics.json files and a scrape of /metrics
/// (with and without a key); the host is stopped at the end, which flushes its exports.
/// </summary>
public sealed class RetrainTelemetryRun : IAsyncLifetime
{
    public const string Site = "basin";
    public const int Year = 2016;

    private readonly AzuriteFixture azurite = new();

    public InMemorySpanExporter Exported { get; } = new();

    public OtlpReceiver? Otlp { get; private set; }

    public string InstanceId { get; private set; } = "";

    public OrchestrationMetadata Run { get; private set; } = null!;

    public SweepResult Sweep { get; private set; } = null!;

    /// <summary>metrics.json of each sweep trial and of the final training, by trial id.</summary>
    public Dictionary<string, TrialFinalMetrics> TrialMetrics { get; } = [];

    public HttpStatusCode MetricsWithoutKey { get; private set; }

    public string? MetricsContentType { get; private set; }

    public string MetricsText { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        Otlp = await OtlpReceiver.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Otlp.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["MlOps:Pipeline:TrialPollInterval"] = "00:00:00.200",
        };
        await using var host = await TestHost.StartAsync(azurite, settings, builder => builder.Services.Configure<TelemetryOptions>(options =>
            options.ConfigureTracing += tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(Exported))));

        var storage = azurite.CreateServiceClient();
        var manifest = await SurveyPackages.UploadAsync(storage, Site, Year);
        InstanceId = RetrainInstanceIds.ForManifest(Site, Year, manifest.ETag.ToString());
        await host.Durable.WaitForCreatedAndStartedAsync(InstanceId);
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        Run = await host.Durable.WaitForInstanceCompletionAsync(InstanceId, getInputsAndOutputs: true, patience.Token);
        if (Run.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"The traced retrain run ended {Run.RuntimeStatus}: {Run.FailureDetails?.ErrorMessage}");
        }
        Sweep = (await host.Durable.GetInstanceAsync($"{InstanceId}-sweep", getInputsAndOutputs: true))!.ReadOutputAs<SweepResult>()!;
        var trials = host.Services.GetRequiredService<TrialStore>();
        foreach (var (trialId, prefix) in Sweep.Trials.Select(t => (t.TrialId, t.OutputPrefix)).Append((RetrainSurveyOrchestration.FinalTrialId, $"{InstanceId}/{RetrainSurveyOrchestration.FinalTrialId}/")))
        {
            TrialMetrics[trialId] = (await trials.ReadFinalAsync(prefix, CancellationToken.None))!;
        }

        using (var withoutKey = await host.Http.GetAsync("/metrics"))
        {
            MetricsWithoutKey = withoutKey.StatusCode;
        }
        using var scrape = await host.Http.SendAsync(host.Request(HttpMethod.Get, "/metrics", host.Keys.Function));
        scrape.EnsureSuccessStatusCode();
        MetricsContentType = scrape.Content.Headers.ContentType?.ToString();
        MetricsText = await scrape.Content.ReadAsStringAsync();
    }

    public async Task DisposeAsync()
    {
        if (Otlp is not null)
        {
            await Otlp.DisposeAsync();
        }
        await azurite.DisposeAsync();
    }
}
