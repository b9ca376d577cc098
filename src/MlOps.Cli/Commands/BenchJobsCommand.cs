using System.CommandLine;
using MlOps.Bench;

namespace MlOps.Cli.Commands;

/// <summary>`mlops bench jobs`: the local job runner's time for N jobs, next to starting the same processes directly.</summary>
public static class BenchJobsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var jobs = new Option<int>("--jobs") { Description = "Jobs per run", DefaultValueFactory = _ => 24 };
        var slots = new Option<int>("--slots") { Description = "Jobs at once", DefaultValueFactory = _ => 2 };
        var seconds = new Option<double[]>("--job-seconds") { Description = "How long each job sleeps (one case per value)", DefaultValueFactory = _ => [0, 0.2], AllowMultipleArgumentsPerToken = true };
        var repetitions = new Option<int>("--repetitions") { Description = "Runs per measurement (median reported)", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var command = new Command("jobs", "Local job runner: wall time for N jobs through the runner's slots, next to Process.Start with the same concurrency.");
        foreach (var option in new Option[] { jobs, slots, seconds, repetitions, json })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var result = await JobsBenchmark.RunAsync(
                Path.Combine(environment.Paths.StateDirectory, "bench"), parse.GetValue(jobs), parse.GetValue(slots), parse.GetValue(seconds)!, parse.GetValue(repetitions), cancellationToken);
            if (parse.GetValue(json))
            {
                CliJson.Write(result);
            }
            else
            {
                foreach (var run in result.Cases)
                {
                    Console.WriteLine($"{result.Jobs} jobs of {run.JobSeconds} s on {result.Slots} slots: runner {run.RunnerSeconds} s, Process.Start {run.PeerSeconds} s " +
                        $"({run.RunnerToPeerRatio:0.00}x, {run.ExtraMillisecondsPerJob} ms more per job)");
                }
            }
            return 0;
        });
        return command;
    }
}
