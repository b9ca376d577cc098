using System.CommandLine;
using MlOps.Bench;

namespace MlOps.Cli.Commands;

/// <summary>`mlops bench storage`: blob upload/download MB/s against local storage, next to cp.</summary>
public static class BenchStorageCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var size = new Option<int>("--size-mb") { Description = "File size in MB", DefaultValueFactory = _ => 200 };
        var repetitions = new Option<int>("--repetitions") { Description = "Runs per measurement (median reported)", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var command = new Command("storage", "Blob upload and download throughput against the configured storage, with cp of the same file as the ceiling.");
        command.Options.Add(size);
        command.Options.Add(repetitions);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var storage = await LocalStorage.OpenAsync(environment, cancellationToken);
            var result = await StorageBenchmark.RunAsync(
                storage.Client, Path.Combine(environment.Paths.StateDirectory, "bench"), parse.GetValue(size), parse.GetValue(repetitions), cancellationToken);
            if (parse.GetValue(json))
            {
                CliJson.Write(result);
            }
            else
            {
                Console.WriteLine($"{result.SizeMegabytes} MB: upload {result.UploadMegabytesPerSecond} MB/s ({result.UploadToCopyRatio:0.00}x cp), " +
                    $"download {result.DownloadMegabytesPerSecond} MB/s ({result.DownloadToCopyRatio:0.00}x cp), cp {result.CopyMegabytesPerSecond} MB/s");
            }
            return 0;
        });
        return command;
    }
}
