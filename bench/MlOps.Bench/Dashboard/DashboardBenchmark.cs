using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Durable;
using MlOps.Durable.Stores;
using MlOps.Functions;
using MlOps.Functions.Pipeline;
using MlOps.Functions.Runtime;
using MlOps.Learning.Data;
using MlOps.Learning.Training;
using MlOps.Onnx.Export;
using MlOps.Registry;
using MlOps.Storage.Blobs;
using MlOps.Storage.Configuration;
using MlOps.Surveys.Features;
using MlOps.Surveys.Packages;
using MlOps.Surveys.Synthesis;

namespace MlOps.Bench.Dashboard;

/// <summary>One page's latency over the measured requests (after warm-up), and its first, cold request.</summary>
public sealed record PageLatency(string Page, string Path, int Status, long Bytes, double ColdMilliseconds, double P50Milliseconds, double P95Milliseconds,
    double MaxMilliseconds, double P50RatioToPeer);

public sealed record DashboardBenchmarkResult(
    SeededHistory Seeded,
    int Orchestrations,
    double SeedSeconds,
    int RequestsPerPage,
    string Peer,
    PageLatency PeerLatency,
    IReadOnlyList<PageLatency> Pages,
    double TargetMilliseconds,
    bool AllP95UnderTarget);

/// <summary>
/// The dashboard's main pages with a year of history in the store (about a thousand retrain runs,
/// their sweeps and 30,000 trials, hundreds of registered versions, rollouts with their history),
/// timed over HTTP against the real host, next to the host's /health endpoint timed in the same
/// rounds (the peer: what any request costs on this machine at this moment). The host runs on
/// its own Azurite and durable store, so local data is not touched; its worker is off so the
/// seeded running instances stay as they are.
/// </summary>
public static class DashboardBenchmark
{
    public const double TargetMilliseconds = 200;

    public static async Task<DashboardBenchmarkResult> RunAsync(MlOpsPaths paths, DashboardHistory history, int requests, Action<string>? progress, CancellationToken cancellationToken)
    {
        var state = Path.Combine(paths.StateDirectory, "bench", "dashboard-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(state);
        var app = FunctionsApplication.Create(
        [
            "--urls", "http://127.0.0.1:0",
            "--MlOps:Azurite:BlobPort", FreePort().ToString(CultureInfo.InvariantCulture),
            "--MlOps:Azurite:Location", Path.Combine(state, "azurite"),
            "--AzureFunctionsJobHost:extensions:durableTask:enableWorker", "false",
            "--Logging:LogLevel:Default", "Warning",
            "--AzureFunctionsJobHost:logging:logLevel:default", "Warning",
            // Seeding surveys must not start runs: this host has no local Event Grid.
            "--MlOps:LocalEventGrid:Enabled", "false",
        ], paths with { State = state });
        try
        {
            await app.StartAsync(cancellationToken);
            var storage = app.Services.GetRequiredService<BlobServiceClient>();
            progress?.Invoke("synthesizing and uploading surveys");
            var model = await UploadSurveysAsync(storage, state, cancellationToken);
            progress?.Invoke($"seeding {history.Runs} retrain runs with {history.TrialsPerSweep} trials each");
            var watch = Stopwatch.StartNew();
            var seeded = await new DashboardHistorySeeder(
                app.Services.GetRequiredService<IOrchestrationStore>(),
                app.Services.GetRequiredService<ModelRegistryClient>(),
                app.Services.GetRequiredService<RunReports>(),
                model,
                history).SeedAsync(cancellationToken);
            var seedSeconds = Math.Round(watch.Elapsed.TotalSeconds, 1);
            var orchestrations = 0;
            await foreach (var _ in app.Services.GetRequiredService<DurableTaskClient>().QueryInstancesAsync(new OrchestrationQuery { PageSize = 1000 }, cancellationToken))
            {
                orchestrations++;
            }

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            http.DefaultRequestHeaders.Add(FunctionKeyFilter.HeaderName, app.Services.GetRequiredService<FunctionKeys>().Function);
            var site = seeded.SampleSite;
            var pages = new List<(string Name, string Path)>
            {
                ("overview", "/"),
                ("runs", "/dashboard/runs"),
                ("runs of one site, page 3", $"/dashboard/runs?site={site}&page=3"),
                ("run", $"/dashboard/runs/{seeded.SampleRun}"),
                ($"sweep ({history.TrialsPerSweep} trials)", $"/dashboard/sweeps/{seeded.SampleSweep}"),
                ("sweep still running", $"/dashboard/sweeps/{seeded.RunningSweep}"),
                ("models", "/dashboard/models"),
                ("model", $"/dashboard/models/{site}"),
                ("model version", $"/dashboard/models/{site}/versions/{seeded.SampleVersion}"),
                ("rollout", $"/dashboard/models/{site}/rollout"),
                ("map", $"/dashboard/maps/{site}/{seeded.SampleVersion}/2018"),
                ("map picture", $"/dashboard/maps/{site}/{seeded.SampleVersion}/2018/predicted.png"),
                ("runs as JSON", "/dashboard/api/runs"),
            };
            const string peerPath = "/health";
            var all = pages.Append(("peer", peerPath)).ToList();

            progress?.Invoke("warming up");
            var cold = new Dictionary<string, (double Milliseconds, int Status, long Bytes)>();
            foreach (var (_, path) in all)
            {
                cold[path] = await TimeAsync(http, path, cancellationToken);
                await TimeAsync(http, path, cancellationToken);
                await TimeAsync(http, path, cancellationToken);
            }
            progress?.Invoke($"timing {requests} requests per page");
            var samples = all.ToDictionary(p => p.Item2, _ => new List<double>());
            for (var round = 0; round < requests; round++)
            {
                // Pages in a rotating order each round, so none always follows the same neighbour.
                for (var k = 0; k < all.Count; k++)
                {
                    var path = all[(k + round) % all.Count].Item2;
                    samples[path].Add((await TimeAsync(http, path, cancellationToken)).Milliseconds);
                }
            }
            var peer = Summarize("/health", peerPath, cold[peerPath], samples[peerPath], null);
            var results = pages.Select(p => Summarize(p.Name, p.Path, cold[p.Path], samples[p.Path], peer.P50Milliseconds)).ToList();
            return new DashboardBenchmarkResult(seeded, orchestrations, seedSeconds, requests, "GET /health on the same host, timed in the same rounds", peer, results, TargetMilliseconds,
                results.All(r => r.Status == 200 && r.P95Milliseconds < TargetMilliseconds));
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            try
            {
                Directory.Delete(state, recursive: true);
            }
            catch (IOException)
            {
                // Azurite may still be letting go of its files; the folder is under .mlops/bench.
            }
        }
    }

    /// <summary>Each site's surveys for 2016–2018 (small ones) and a small real model trained on one of them.</summary>
    private static async Task<byte[]> UploadSurveysAsync(BlobServiceClient storage, string state, CancellationToken cancellationToken)
    {
        byte[]? model = null;
        foreach (var site in DashboardHistory.Sites)
        {
            var folder = Path.Combine(state, "surveys", site);
            var packages = await new SurveySynthesizer(new SurveySynthesisOptions { Site = site, Size = 96, Seed = 7 }).WriteSiteAsync(folder, DashboardHistory.Years, cancellationToken);
            var store = new SurveyBlobStore(storage, Path.Combine(state, "cache"));
            foreach (var package in packages)
            {
                await store.UploadAsync(site, package.Year, package.Directory, cancellationToken: cancellationToken);
            }
            if (model is null)
            {
                using var reader = SurveyFeatureReader.Open(packages[0]);
                var data = DataSources.FromFeatureTable(reader.ReadLabelled(), site);
                model = OnnxExporter.Export(TrainerRegistry.Create("rf", new Dictionary<string, string> { ["trees"] = "10", ["seed"] = "1" }).Train(data));
            }
        }
        return model!;
    }

    private static async Task<(double Milliseconds, int Status, long Bytes)> TimeAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return (watch.Elapsed.TotalMilliseconds, (int)response.StatusCode, body.LongLength);
    }

    private static PageLatency Summarize(string name, string path, (double Milliseconds, int Status, long Bytes) cold, List<double> samples, double? peerP50)
    {
        var sorted = samples.Order().ToList();
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
        var p50 = At(0.5);
        return new PageLatency(name, path, cold.Status, cold.Bytes, Math.Round(cold.Milliseconds, 1), Math.Round(p50, 2), Math.Round(At(0.95), 2), Math.Round(sorted[^1], 2),
            peerP50 is { } peer && peer > 0 ? Math.Round(p50 / peer, 1) : 1);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
