using System.CommandLine;
using MlOps.Bench;

namespace MlOps.Cli.Commands;

/// <summary>`mlops bench telemetry`: durable throughput with tracing and metrics on, next to the same run with them off.</summary>
public static class BenchTelemetryCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var pattern = new Option<string>("--pattern") { Description = "fanout (N activities fanned out and in) or sequence (N chained)", DefaultValueFactory = _ => "fanout" };
        pattern.AcceptOnlyFromAmong("fanout", "sequence");
        var count = new Option<int>("--count") { Description = "Number of activities", DefaultValueFactory = _ => 1000 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating untraced/traced rounds; medians are compared", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var command = new Command("telemetry", "What OpenTelemetry tracing and metrics cost the durable engine (SQLite), against the same workload untraced.");
        command.Options.Add(pattern);
        command.Options.Add(count);
        command.Options.Add(rounds);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            TelemetryBenchmarkResult result;
            try
            {
                result = await TelemetryBenchmark.RunAsync(parse.GetValue(pattern)!, parse.GetValue(count), parse.GetValue(rounds),
                    Path.Combine(environment.Paths.StateDirectory, "bench"), cancellationToken);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync($"bench telemetry: {e.Message}");
                return 1;
            }
            if (parse.GetValue(json))
            {
                CliJson.Write(result);
            }
            else
            {
                Console.WriteLine($"{result.Pattern} of {result.Count}, traced: {result.TracedPerSecond:0.0} activities/s with {result.SpansRecorded} spans recorded (warm-up included) " +
                    $"({result.Ratio:0.00}x the {result.PeerPerSecond:0.0}/s of {result.Peer})");
            }
            return 0;
        });
        return command;
    }
}
