using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Functions;
using MlOps.Functions.Inference;
using MlOps.Functions.Runtime;
using MlOps.Learning.Data;
using MlOps.Learning.Training;
using MlOps.Onnx.Export;
using MlOps.Onnx.Runtime;
using MlOps.Registry;
using MlOps.Storage.Configuration;

namespace MlOps.Bench;

public sealed record InferenceBenchmarkOptions
{
    /// <summary>Requests in flight at once, for the host and for the in-process floor alike.</summary>
    public int Concurrency { get; init; } = 2;

    public int SingleRowRequests { get; init; } = 6000;

    public int BatchRequests { get; init; } = 600;

    public int BatchRows { get; init; } = 1000;

    /// <summary>Trees in the benchmark's random forest.</summary>
    public int Trees { get; init; } = 50;
}

/// <summary>One side of a scenario: how many calls per second, their latency percentiles, rows per second.</summary>
public sealed record LoadFigures(int Requests, double RequestsPerSecond, double P50Milliseconds, double P99Milliseconds, double RowsPerSecond);

/// <summary>A scenario (rows per request) over HTTP and in-process, and how they compare.</summary>
public sealed record InferenceScenario(string Name, int RowsPerRequest, int Concurrency, LoadFigures Http, LoadFigures InProcess, double P50OverheadMilliseconds, double RowsPerSecondRatio);

public sealed record InferenceBenchmarkResult(string Model, string Peer, IReadOnlyList<InferenceScenario> Scenarios, double SingleRowP50OverheadMilliseconds, double BatchRowsPerSecondRatio, bool MeetsTargets, string Targets);

/// <summary>
/// The predict function under a load generator at fixed concurrency (each worker one request at
/// a time on its own keep-alive connection, bodies prepared beforehand, each request timed), next
/// to ONNX Runtime called in-process at the same concurrency on the same rows with the same
/// session options: the floor. Both run in this process on the same cores, in turn.
/// </summary>
public static class InferenceBenchmark
{
    public const string Targets = "HTTP + routing adds < 0.5 ms at p50 for 1-row requests; 1,000-row requests reach >= 70% of in-process rows/s";

    public static async Task<InferenceBenchmarkResult> RunAsync(MlOpsPaths paths, int blobPort, InferenceBenchmarkOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var training = SyntheticSeabed.Generate(20_000, 11);
        var model = OnnxExporter.Export(TrainerRegistry.Create("rf", new Dictionary<string, string>
        {
            ["trees"] = options.Trees.ToString(CultureInfo.InvariantCulture),
            ["maxDepth"] = "12",
            ["seed"] = "1",
        }).Train(training));
        var traffic = SyntheticSeabed.Generate(Math.Max(options.BatchRows * 4, 4096), 12);
        var name = "bench-" + Guid.NewGuid().ToString("N")[..6];
        var state = Path.Combine(paths.StateDirectory, "bench", "inference-" + Guid.NewGuid().ToString("N")[..8]);
        await using var app = FunctionsApplication.Create(
            ["--urls", "http://127.0.0.1:0", "--MlOps:Azurite:BlobPort", blobPort.ToString(CultureInfo.InvariantCulture),
             "--Logging:LogLevel:Default", "Warning",
             "--AzureFunctionsJobHost:logging:logLevel:default", "Warning"],
            paths with { State = state });
        await app.StartAsync(cancellationToken);
        try
        {
            var registry = app.Services.GetRequiredService<ModelRegistryClient>();
            var card = await registry.RegisterAsync(name, new ModelRegistration { RunId = "bench", ModelKind = "rf" }, BinaryData.FromBytes(model), cancellationToken);
            await registry.SetAliasAsync(name, ModelAlias.Champion, card.Version, cancellationToken);
            await registry.GetRolloutClient(name).SetChampionAsync(card.Version, "benchmark", cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var key = app.Services.GetRequiredService<FunctionKeys>().Function;
            var sessionOptions = new OnnxSessionOptions
            {
                IntraOpThreads = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<InferenceOptions>>().Value.IntraOpThreads,
                InterOpThreads = 1,
            };
            using var floor = OnnxSession.Create(model, sessionOptions);

            var scenarios = new List<InferenceScenario>();
            foreach (var (label, rows, requests) in new[] { ("1 row", 1, options.SingleRowRequests), ($"{options.BatchRows} rows", options.BatchRows, options.BatchRequests) })
            {
                log.WriteLine($"bench inference: {label} × {requests} at concurrency {options.Concurrency}…");
                var batches = Enumerable.Range(0, 16).Select(i => (ReadOnlyMemory<float>)traffic.Features.AsMemory((i * 37 % (traffic.Rows - rows + 1)) * traffic.Columns, rows * traffic.Columns)).ToArray();
                var bodies = batches.Select(b => Body(b.Span, traffic.Columns)).ToArray();
                // Three alternating rounds, so drift in what else the machine runs falls on both sides.
                var http = new List<Timings>();
                var inProcess = new List<Timings>();
                for (var round = 0; round < Rounds; round++)
                {
                    http.Add(await HttpLoadAsync(new Uri($"{address}/api/models/{name}/predict"), key, bodies, requests / Rounds, options.Concurrency, cancellationToken));
                    inProcess.Add(await InProcessLoadAsync(floor, batches, rows, traffic.Columns, requests / Rounds, options.Concurrency, cancellationToken));
                }
                var httpFigures = Figures(http, rows);
                var floorFigures = Figures(inProcess, rows);
                scenarios.Add(new InferenceScenario(label, rows, options.Concurrency, httpFigures, floorFigures,
                    Math.Round(httpFigures.P50Milliseconds - floorFigures.P50Milliseconds, 3),
                    Math.Round(httpFigures.RowsPerSecond / floorFigures.RowsPerSecond, 3)));
            }
            var overhead = scenarios[0].P50OverheadMilliseconds;
            var ratio = scenarios[1].RowsPerSecondRatio;
            return new InferenceBenchmarkResult(name, "ONNX Runtime called in-process on the same rows, same session options and concurrency",
                scenarios, overhead, ratio, overhead < 0.5 && ratio >= 0.7, Targets);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static byte[] Body(ReadOnlySpan<float> values, int columns)
    {
        var text = new StringBuilder("{\"rows\":[");
        for (var r = 0; r < values.Length / columns; r++)
        {
            text.Append(r == 0 ? "[" : ",[");
            for (var c = 0; c < columns; c++)
            {
                text.Append(c == 0 ? "" : ",").Append(values[r * columns + c].ToString("R", CultureInfo.InvariantCulture));
            }
            text.Append(']');
        }
        return Encoding.UTF8.GetBytes(text.Append("]}").ToString());
    }

    private static async Task<Timings> HttpLoadAsync(Uri endpoint, string key, byte[][] bodies, int requests, int concurrency, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(1) };
        async Task<double> SendAsync(int i, int worker)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(bodies[i % bodies.Length]) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.Add(FunctionKeyFilter.HeaderName, key);
            request.Headers.Add(InferenceHeaders.RoutingKey, $"bench-{worker}");
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"the predict function answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
            return elapsed;
        }
        return await RunLoadAsync(SendAsync, requests, concurrency);
    }

    private static Task<Timings> InProcessLoadAsync(OnnxSession session, ReadOnlyMemory<float>[] batches, int rows, int columns, int requests, int concurrency, CancellationToken cancellationToken) =>
        RunLoadAsync((i, _) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            session.Run(batches[i % batches.Length].Span, rows, columns);
            return Task.FromResult(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }, requests, concurrency);

    private const int Rounds = 3;

    /// <summary>Per-call latencies (ms) and the wall time they took.</summary>
    private sealed record Timings(double[] Latencies, double Seconds);

    private static LoadFigures Figures(List<Timings> rounds, int rows)
    {
        var latencies = rounds.SelectMany(r => r.Latencies).Order().ToArray();
        var seconds = rounds.Sum(r => r.Seconds);
        double At(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        return new LoadFigures(latencies.Length, Math.Round(latencies.Length / seconds, 1), Math.Round(At(0.5), 3), Math.Round(At(0.99), 3),
            Math.Round(latencies.Length * (double)rows / seconds, 0));
    }

    /// <summary>A warm-up of a tenth, then <paramref name="requests"/> calls shared by <paramref name="concurrency"/> workers, each call timed.</summary>
    private static async Task<Timings> RunLoadAsync(Func<int, int, Task<double>> call, int requests, int concurrency)
    {
        for (var i = 0; i < Math.Max(concurrency, requests / 10); i++)
        {
            await call(i, i % concurrency);
        }
        var latencies = new double[requests];
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                latencies[i] = await call(i, worker);
            }
        })));
        return new Timings(latencies, watch.Elapsed.TotalSeconds);
    }
}
