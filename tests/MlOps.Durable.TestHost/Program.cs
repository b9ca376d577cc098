// A durable host in its own process, for tests that kill hosts (SIGKILL) or run several at once.
// Prints "ready" once it is polling, and "blocked" when --block-after activities have started.
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlOps.Durable;
using MlOps.Durable.Hosting;
using MlOps.Durable.Payloads;
using MlOps.Durable.Stores;

var settings = Arguments.Parse(args);
var journal = Path.Combine(settings.Require("journal"), $"{Environment.ProcessId}.log");
var blockAfter = int.Parse(settings.Get("block-after") ?? "0", CultureInfo.InvariantCulture);
var workMs = int.Parse(settings.Get("work-ms") ?? "0", CultureInfo.InvariantCulture);
var started = 0;
var blocked = 0;
var journalGate = new Lock();

var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.Services.AddDurableTask(durable =>
{
    durable.UseStore(_ => settings.Require("store") switch
    {
        "sqlite" => new SqliteOrchestrationStore(settings.Require("connection"), settings.Require("hub"), new FileSystemPayloadStore(settings.Require("payloads"))),
        "postgres" => new PostgresOrchestrationStore(settings.Require("connection"), settings.Require("hub"), new FileSystemPayloadStore(settings.Require("payloads"))),
        var other => throw new ArgumentException($"--store {other}: use sqlite or postgres"),
    });
    durable.Configure(options =>
    {
        options.LeaseDuration = TimeSpan.FromMilliseconds(int.Parse(settings.Get("lease-ms") ?? "3000", CultureInfo.InvariantCulture));
        options.MaxConcurrentActivityFunctions = int.Parse(settings.Get("activities") ?? "8", CultureInfo.InvariantCulture);
        options.StorageProvider.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(50);
    });
    durable.AddOrchestratorFunc<int, long>("FanOut", async (context, count) =>
    {
        var results = await Task.WhenAll(Enumerable.Range(1, count).Select(i => context.CallActivityAsync<long>("Work", i)));
        return results.Sum();
    });
    durable.AddOrchestratorFunc<double, DateTime>("Sleep", async (context, seconds) =>
    {
        await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(seconds), CancellationToken.None);
        return context.CurrentUtcDateTime;
    });
    durable.AddActivityFunc<int, long>("Work", async (context, i) =>
    {
        var n = Interlocked.Increment(ref started);
        lock (journalGate)
        {
            File.AppendAllText(journal, $"{i} {context.DeliveryCount}\n");
        }
        if (blockAfter > 0 && n > blockAfter)
        {
            if (Interlocked.Exchange(ref blocked, 1) == 0)
            {
                Console.Out.WriteLine("blocked");
                Console.Out.Flush();
            }
            await Task.Delay(Timeout.Infinite, context.ShutdownToken);
        }
        if (workMs > 0)
        {
            await Task.Delay(workMs, context.ShutdownToken); // stands for the I/O a real activity does
        }
        return (long)i * i;
    });
});
using var host = builder.Build();
await host.StartAsync();
Console.Out.WriteLine("ready");
Console.Out.Flush();
await host.WaitForShutdownAsync();

internal sealed class Arguments(Dictionary<string, string> values)
{
    public static Arguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        return new Arguments(values);
    }

    public string? Get(string name) => values.GetValueOrDefault(name);

    public string Require(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required");
}
