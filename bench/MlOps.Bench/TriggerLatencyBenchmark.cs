using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Durable;
using MlOps.Functions;
using MlOps.Functions.Pipeline;
using MlOps.Functions.Runtime;
using MlOps.Storage.Blobs;
using MlOps.Storage.Configuration;
using MlOps.Storage.EventGrid;

namespace MlOps.Bench;

public sealed record LatencySummary(double MedianMilliseconds, double P95Milliseconds, double MaxMilliseconds);

public sealed record TriggerLatencyResult(int Uploads, LatencySummary ManifestToRunning, LatencySummary DirectEventToRunning, double MedianRatio, string Peer);

/// <summary>
/// Blob manifest written → orchestration running, through the whole local path (Azurite, the
/// local Event Grid emitter, the webhook, the durable engine), next to the same event POSTed
/// straight to the webhook: the floor without Event Grid's part.
/// </summary>
public static class TriggerLatencyBenchmark
{
    public static async Task<TriggerLatencyResult> RunAsync(MlOpsPaths paths, int blobPort, int uploads, CancellationToken cancellationToken)
    {
        var state = Path.Combine(paths.StateDirectory, "bench", "trigger-" + Guid.NewGuid().ToString("N")[..8]);
        await using var app = FunctionsApplication.Create(
            ["--urls", "http://127.0.0.1:0", "--MlOps:Azurite:BlobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--Logging:LogLevel:Default", "Warning",
             "--AzureFunctionsJobHost:logging:logLevel:default", "Warning"],
            paths with { State = state });
        await app.StartAsync(cancellationToken);
        try
        {
            var storage = app.Services.GetRequiredService<BlobServiceClient>();
            var durable = app.Services.GetRequiredService<DurableTaskClient>();
            var keys = app.Services.GetRequiredService<FunctionKeys>();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var surveys = storage.GetBlobContainerClient("surveys");
            await surveys.CreateIfNotExistsAsync(cancellationToken);
            var site = "bench-" + Guid.NewGuid().ToString("N")[..6];

            var viaEmitter = new List<double>();
            for (var i = 0; i < uploads; i++)
            {
                var watch = Stopwatch.StartNew();
                var written = await surveys.GetBlobClient($"{site}/{2000 + i}/manifest.json").UploadAsync(BinaryData.FromString("{}"), cancellationToken: cancellationToken);
                await WaitRunningAsync(durable, RetrainInstanceIds.ForManifest(site, 2000 + i, written.ETag.ToString()), cancellationToken);
                viaEmitter.Add(watch.Elapsed.TotalMilliseconds);
            }

            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var direct = new List<double>();
            for (var i = 0; i < uploads; i++)
            {
                var blob = new BlobItem($"{site}/{3000 + i}/manifest.json", new BlobProperties(2, new Azure.ETag($"0xD{i:X8}"), DateTimeOffset.UtcNow, "application/json", null, new Dictionary<string, string>()));
                var watch = Stopwatch.StartNew();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{EventGridWebhook.Path}?functionName=SurveyArrived&code={Uri.EscapeDataString(keys.EventGrid)}")
                {
                    Content = JsonContent.Create(new[] { BlobCreatedEvent.For(storage.Uri, storage.AccountName, "surveys", blob) }),
                };
                request.Headers.Add("aeg-event-type", "Notification");
                (await http.SendAsync(request, cancellationToken)).EnsureSuccessStatusCode();
                await WaitRunningAsync(durable, RetrainInstanceIds.ForManifest(site, 3000 + i, blob.Properties.ETag.ToString()), cancellationToken);
                direct.Add(watch.Elapsed.TotalMilliseconds);
            }
            var emitterSummary = Summarize(viaEmitter);
            var directSummary = Summarize(direct);
            return new TriggerLatencyResult(uploads, emitterSummary, directSummary,
                Math.Round(emitterSummary.MedianMilliseconds / directSummary.MedianMilliseconds, 2),
                "the same BlobCreated event POSTed straight to the webhook");
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static async Task WaitRunningAsync(DurableTaskClient durable, string instanceId, CancellationToken cancellationToken)
    {
        while (await durable.GetInstanceAsync(instanceId, cancellationToken: cancellationToken) is not { RuntimeStatus: not OrchestrationRuntimeStatus.Pending })
        {
            await Task.Delay(2, cancellationToken);
        }
    }

    private static LatencySummary Summarize(List<double> values)
    {
        var sorted = values.Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return new LatencySummary(Math.Round(At(0.5), 1), Math.Round(At(0.95), 1), Math.Round(sorted[^1], 1));
    }
}
