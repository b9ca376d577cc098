using System.CommandLine;
using MlOps.Bench;

namespace MlOps.Cli.Commands;

/// <summary>`mlops bench durable`: orchestration throughput, next to Durable Functions' published Azure Storage figures.</summary>
public static class BenchDurableCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var pattern = new Option<string>("--pattern") { Description = "fanout (N activities fanned out and in) or sequence (N chained)", DefaultValueFactory = _ => "fanout" };
        pattern.AcceptOnlyFromAmong("fanout", "sequence");
        var count = new Option<int>("--count") { Description = "Number of activities", DefaultValueFactory = _ => 1000 };
        var store = new Option<string>("--store") { Description = "sqlite (embedded) or postgres (a throwaway local server is started)", DefaultValueFactory = _ => "sqlite" };
        store.AcceptOnlyFromAmong("sqlite", "postgres");
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var command = new Command("durable", "Durable orchestration throughput: fan-out/fan-in or a sequence of no-op activities.");
        command.Options.Add(pattern);
        command.Options.Add(count);
        command.Options.Add(store);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            DurableBenchmarkResult result;
            try
            {
                result = await DurableBenchmark.RunAsync(parse.GetValue(pattern)!, parse.GetValue(count), parse.GetValue(store)!,
                    Path.Combine(environment.Paths.StateDirectory, "bench"), cancellationToken);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync($"bench durable: {e.Message}");
                return 1;
            }
            if (parse.GetValue(json))
            {
                CliJson.Write(result);
            }
            else
            {
                Console.WriteLine($"{result.Pattern} of {result.Count} on {result.Store}: {result.Seconds:0.000} s, {result.PerSecond:0.0} activities/s " +
                    $"({result.Ratio:0.0}x the {result.PeerPerSecond:0}/s of {result.Peer})");
            }
            return 0;
        });
        return command;
    }
}
