using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlOps.Durable;
using MlOps.Durable.Hosting;
using MlOps.Durable.Payloads;
using MlOps.Durable.Postgres;
using MlOps.Durable.Stores;

namespace MlOps.Bench;

public sealed record DurableBenchmarkResult(
    string Pattern,
    int Count,
    string Store,
    double Seconds,
    double PerSecond,
    string Peer,
    double PeerPerSecond,
    double Ratio);

/// <summary>
/// Orchestration throughput of the durable engine in one host process: <c>fanout</c> runs one
/// orchestration that fans out N no-op activities and fans them back in; <c>sequence</c> chains
/// N activities. Timed from scheduling to completion, after a warm-up run. The peer is the
/// published figure for Durable Functions on its Azure Storage provider, per app instance:
/// 100 activities/s fanned out, 5 activities/s in sequence.
/// </summary>
public static class DurableBenchmark
{
    public const double PublishedFanOutPerSecond = 100;
    public const double PublishedSequencePerSecond = 5;

    public static async Task<DurableBenchmarkResult> RunAsync(string pattern, int count, string store, string workDirectory, CancellationToken cancellationToken)
    {
        if (pattern is not ("fanout" or "sequence"))
        {
            throw new ArgumentException($"--pattern '{pattern}' is not known: use fanout or sequence.", nameof(pattern));
        }
        if (count < 1)
        {
            throw new ArgumentException($"--count must be at least 1, not {count}.", nameof(count));
        }
        Directory.CreateDirectory(workDirectory);
        var run = Path.Combine(workDirectory, $"durable-{Guid.NewGuid():N}");
        Directory.CreateDirectory(run);
        LocalPostgresServer? postgres = null;
        try
        {
            Func<IOrchestrationStore> factory;
            switch (store)
            {
                case "sqlite":
                    factory = () => new SqliteOrchestrationStore($"Data Source={Path.Combine(run, "bench.sqlite")}", "bench", new FileSystemPayloadStore(Path.Combine(run, "payloads")));
                    break;
                case "postgres":
                    postgres = await LocalPostgresServer.StartAsync(cancellationToken);
                    var connection = postgres.ConnectionString;
                    factory = () => new PostgresOrchestrationStore(connection, "bench", new FileSystemPayloadStore(Path.Combine(run, "payloads")));
                    break;
                default:
                    throw new ArgumentException($"--store '{store}' is not known: use sqlite or postgres.", nameof(store));
            }
            var seconds = await TimeAsync(factory, pattern, count, cancellationToken);
            var perSecond = count / seconds;
            var peer = pattern == "fanout" ? PublishedFanOutPerSecond : PublishedSequencePerSecond;
            return new DurableBenchmarkResult(pattern, count, store, Math.Round(seconds, 3), Math.Round(perSecond, 1),
                "Durable Functions, Azure Storage provider (published, per app instance)", peer, Math.Round(perSecond / peer, 1));
        }
        finally
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
            try
            {
                Directory.Delete(run, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    internal static async Task<double> TimeAsync(Func<IOrchestrationStore> store, string pattern, int count, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDurableTask(durable => durable
            .UseStore(_ => store())
            .AddOrchestratorFunc<int, int>("fanout", async (context, n) =>
            {
                var results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => context.CallActivityAsync<int>("noop", i)));
                return results.Length;
            })
            .AddOrchestratorFunc<int, int>("sequence", async (context, n) =>
            {
                var last = 0;
                for (var i = 0; i < n; i++)
                {
                    last = await context.CallActivityAsync<int>("noop", i);
                }
                return last;
            })
            .AddActivityFunc<int, int>("noop", (_, i) => i));
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            await RunOnceAsync(client, pattern, Math.Min(count, 50), cancellationToken); // warm-up: JIT, connections, statements
            var watch = Stopwatch.StartNew();
            await RunOnceAsync(client, pattern, count, cancellationToken);
            return watch.Elapsed.TotalSeconds;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task RunOnceAsync(DurableTaskClient client, string pattern, int count, CancellationToken cancellationToken)
    {
        var id = await client.ScheduleNewOrchestrationInstanceAsync(pattern, count, cancellationToken: cancellationToken);
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, cancellationToken);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"The benchmark orchestration ended {done.RuntimeStatus}: {done.FailureDetails}");
        }
    }
}
