using System.CommandLine;
using System.Text.Json;
using MlOps.Bench.Surveys;

namespace MlOps.Cli.Commands;

/// <summary>`mlops bench survey [--size N] [--json]`: feature extraction speed and peak memory on a synthetic survey, against GDAL decoding the same files.</summary>
public static class BenchSurveyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var size = new Option<int>("--size") { Description = "Survey width and height in pixels.", DefaultValueFactory = _ => 4096 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic survey.", DefaultValueFactory = _ => 1 };
        var work = new Option<string?>("--work") { Description = "Directory for the generated survey (default: a temporary one)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the generated files." };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("survey", "Features per second and peak memory for a synthetic survey; GDAL's raw decode of the same files as the peer.")
        {
            size, seed, work, keep, json,
        };
        command.SetAction((parse, cancellationToken) => SurveyCommandErrors.RunAsync(async () =>
        {
            var n = parse.GetValue(size);
            if (n is < 64 or > 16384)
            {
                throw new SurveyCommandErrors.UsageException($"--size {n}: must be between 64 and 16384.");
            }
            var result = await SurveyBenchmark.RunAsync(new SurveyBenchmarkOptions
            {
                Size = n,
                Seed = parse.GetValue(seed),
                WorkDirectory = parse.GetValue(work),
                KeepFiles = parse.GetValue(keep),
            }, Console.Error, cancellationToken);
            if (parse.GetValue(json))
            {
                var figures = new
                {
                    benchmark = "survey",
                    size = result.Size,
                    pixels = result.Pixels,
                    features = Describe(result.Features),
                    featuresWithTerrain = Describe(result.FeaturesWithTerrain),
                    reader = new { seconds = result.Reader.Seconds, pixelsPerSecond = result.Reader.ItemsPerSecond },
                    synthesis = new { seconds = result.Synthesis.Seconds, pixelsPerSecond = result.Synthesis.ItemsPerSecond },
                    peer = new { name = result.PeerName, seconds = result.Peer.Seconds, pixelsPerSecond = result.Peer.ItemsPerSecond },
                    ratios = new { featuresVersusPeer = result.FeaturesVersusPeer, readerVersusPeer = result.ReaderVersusPeer },
                };
                Console.WriteLine(JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Console.WriteLine($"survey {result.Size}×{result.Size}:");
                Console.WriteLine($"  features (raw)      {result.Features.RowsPerSecond / 1e6:F2} M rows/s, {result.Features.ValuesPerSecond / 1e6:F1} M values/s, peak {result.Features.PeakMemoryBytes >> 20} MiB (from {result.Features.BaselineMemoryBytes >> 20} MiB)");
                Console.WriteLine($"  features (terrain)  {result.FeaturesWithTerrain.RowsPerSecond / 1e6:F2} M rows/s, {result.FeaturesWithTerrain.ValuesPerSecond / 1e6:F1} M values/s, peak {result.FeaturesWithTerrain.PeakMemoryBytes >> 20} MiB (from {result.FeaturesWithTerrain.BaselineMemoryBytes >> 20} MiB)");
                Console.WriteLine($"  our reader          {result.Reader.ItemsPerSecond / 1e6:F2} M pixels/s");
                Console.WriteLine($"  peer                {result.Peer.ItemsPerSecond / 1e6:F2} M pixels/s ({result.PeerName})");
                Console.WriteLine($"  features / peer     {result.FeaturesVersusPeer:F2}×");
                Console.WriteLine($"  reader / peer       {result.ReaderVersusPeer:F2}×");
            }
            return 0;
        }));
        return command;
    }

    private static object Describe(FeatureThroughput features) => new
    {
        seconds = features.Seconds,
        rows = features.Rows,
        columns = features.Columns,
        rowsPerSecond = features.RowsPerSecond,
        valuesPerSecond = features.ValuesPerSecond,
        peakMemoryBytes = features.PeakMemoryBytes,
        baselineMemoryBytes = features.BaselineMemoryBytes,
        peakMemoryScope = features.PeakMemoryScope,
    };
}
