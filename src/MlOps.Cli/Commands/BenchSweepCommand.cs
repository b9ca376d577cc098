using System.CommandLine;
using MlOps.Bench;
using MlOps.Storage;

namespace MlOps.Cli.Commands;

/// <summary>`mlops bench sweep`: parallel efficiency of a sweep of identical trials, and orchestration overhead per trial.</summary>
public static class BenchSweepCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var trials = new Option<int>("--trials") { Description = "Identical trials per sweep", DefaultValueFactory = _ => 12 };
        var size = new Option<int>("--size") { Description = "Survey size (pixels per side) the trials train on", DefaultValueFactory = _ => 256 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var command = new Command("sweep", "A sweep of identical trials with parallelTrials 1 and 2, next to the trainer run directly.");
        command.Options.Add(trials);
        command.Options.Add(size);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var storage = await LocalStorage.OpenAsync(environment, cancellationToken);
            var result = await SweepBenchmark.RunAsync(environment.Paths, BlobServiceClientFactory.DevelopmentBlobPort(environment.Configuration),
                parse.GetValue(trials), parse.GetValue(size), cancellationToken);
            if (parse.GetValue(json))
            {
                CliJson.Write(result);
            }
            else
            {
                Console.WriteLine($"{result.Trials} trials: parallelTrials 1 {result.Parallel1Seconds} s, 2 {result.Parallel2Seconds} s ({result.Speedup}x); " +
                    $"trainer directly {result.DirectSequentialSeconds} s → {result.OverheadPerTrialMilliseconds} ms orchestration overhead per trial");
            }
            return 0;
        });
        return command;
    }
}
