using System.CommandLine;
using MlOps.Bench;

namespace MlOps.Cli.Commands;

/// <summary>`mlops bench train`: our forest and boosted trees next to scikit-learn and XGBoost, plus ONNX Runtime inference.</summary>
public static class BenchTrainCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var defaults = new TrainBenchmarkOptions();
        var rows = new Option<int>("--rows") { Description = "Labelled rows (70% train, 30% validation)", DefaultValueFactory = _ => defaults.Rows };
        var trees = new Option<int>("--trees") { Description = "Trees in both forests", DefaultValueFactory = _ => defaults.Trees };
        var depth = new Option<int>("--depth") { Description = "Depth of both forests", DefaultValueFactory = _ => defaults.ForestDepth };
        var rounds = new Option<int>("--rounds") { Description = "Boosting rounds for both boosters", DefaultValueFactory = _ => defaults.Rounds };
        var boostDepth = new Option<int>("--boost-depth") { Description = "Depth of both boosters' trees", DefaultValueFactory = _ => defaults.BoostingDepth };
        var inferenceRows = new Option<int>("--inference-rows") { Description = "Rows for the ONNX Runtime throughput", DefaultValueFactory = _ => defaults.InferenceRows };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var command = new Command("train", "Train our forest and boosted trees and, in the same run on the same CSV, scikit-learn's and XGBoost's; time ratios, accuracy differences, ONNX Runtime rows/s.");
        foreach (var option in new Option[] { rows, trees, depth, rounds, boostDepth, inferenceRows, json })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new TrainBenchmarkOptions
            {
                Rows = parse.GetValue(rows),
                Trees = parse.GetValue(trees),
                ForestDepth = parse.GetValue(depth),
                Rounds = parse.GetValue(rounds),
                BoostingDepth = parse.GetValue(boostDepth),
                InferenceRows = parse.GetValue(inferenceRows),
            };
            var result = await TrainBenchmark.RunAsync(options, Path.Combine(environment.Paths.StateDirectory, "bench", "train"), Console.Error, cancellationToken);
            if (parse.GetValue(json))
            {
                CliJson.Write(result);
            }
            else
            {
                foreach (var pair in new[] { result.Forest, result.Boosting })
                {
                    Console.WriteLine($"{pair.Ours} vs {pair.Peer}: {pair.Speedup:0.00}x faster ({pair.OursSeconds:0.00} s vs {pair.PeerSeconds:0.00} s), " +
                        $"accuracy {pair.OursAccuracy:0.0000} vs {pair.PeerAccuracy:0.0000} ({pair.AccuracyDifferencePoints:+0.00;-0.00} points); target ≥{pair.TargetSpeedup}x: {(pair.MeetsTarget ? "met" : "not met")}");
                }
                foreach (var i in result.Inference)
                {
                    Console.WriteLine($"ONNX Runtime, {i.Model}: {i.OnnxRuntimeRowsPerSecond:N0} rows/s on {i.Rows:N0} rows ({i.Ratio:0.00}x {i.Peer}: {i.InProcessRowsPerSecond:N0} rows/s)");
                }
            }
            return 0;
        });
        return command;
    }
}
