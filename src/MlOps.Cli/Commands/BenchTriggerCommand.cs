using System.CommandLine;
using MlOps.Bench;
using MlOps.Storage;

namespace MlOps.Cli.Commands;

/// <summary>`mlops bench trigger`: blob manifest written → retrain orchestration running.</summary>
public static class BenchTriggerCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var uploads = new Option<int>("--uploads") { Description = "Manifests uploaded one after another", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var command = new Command("trigger", "Latency from a survey manifest landing in blob storage to its retrain orchestration running (median, p95).");
        command.Options.Add(uploads);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var storage = await LocalStorage.OpenAsync(environment, cancellationToken);
            var result = await TriggerLatencyBenchmark.RunAsync(environment.Paths, BlobServiceClientFactory.DevelopmentBlobPort(environment.Configuration), parse.GetValue(uploads), cancellationToken);
            if (parse.GetValue(json))
            {
                CliJson.Write(result);
            }
            else
            {
                Console.WriteLine($"manifest → running over {result.Uploads} uploads: median {result.ManifestToRunning.MedianMilliseconds} ms, p95 {result.ManifestToRunning.P95Milliseconds} ms; " +
                    $"direct event → running: median {result.DirectEventToRunning.MedianMilliseconds} ms ({result.MedianRatio}x)");
            }
            return 0;
        });
        return command;
    }
}
