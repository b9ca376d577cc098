using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using MlOps.Learning.Data;
using MlOps.Learning.Metrics;
using MlOps.Onnx.Export;
using MlOps.Onnx.Runtime;

namespace MlOps.Cli.Commands;

/// <summary>`mlops evaluate`: metrics of an ONNX model on labelled data, predictions made by ONNX Runtime.</summary>
public static class EvaluateCommand
{
    private const int BatchRows = 65536;

    public sealed record EvaluateOutput(string Model, int Rows, double EvaluateSeconds, ClassificationReport Metrics);

    public static Command Create(CliEnvironment environment)
    {
        var model = new Option<string>("--model") { Description = "The model.onnx to evaluate", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled data: a CSV file or survey package folders, comma-separated", Required = true };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0 = all cores)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("evaluate", "Evaluate an ONNX model on labelled data with ONNX Runtime.");
        command.Options.Add(model);
        command.Options.Add(data);
        command.Options.Add(threads);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(() =>
        {
            var path = Path.GetFullPath(parse.GetValue(model)!);
            var dataset = DataSources.Load(parse.GetValue(data)!, cancellationToken: cancellationToken);
            using var session = OnnxSession.Open(path, new OnnxSessionOptions { IntraOpThreads = parse.GetValue(threads) });
            if (session.Metadata.TryGetValue(OnnxMetadataKeys.InputColumns, out var columnsJson)
                && JsonSerializer.Deserialize<string[]>(columnsJson) is { } columns)
            {
                dataset = dataset.WithColumns(columns);
            }
            var watch = Stopwatch.StartNew();
            var labels = new long[dataset.Rows];
            for (var start = 0; start < dataset.Rows; start += BatchRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = Math.Min(BatchRows, dataset.Rows - start);
                var prediction = session.Run(dataset.Features.AsSpan(start * dataset.Columns, rows * dataset.Columns), rows, dataset.Columns);
                prediction.Labels.CopyTo(labels, start);
            }
            var result = new EvaluateOutput(path, dataset.Rows, Math.Round(watch.Elapsed.TotalSeconds, 3), ClassificationMetrics.Evaluate(dataset.Labels, labels));
            if (parse.GetValue(json))
            {
                CliJson.Write(result);
            }
            else
            {
                Console.WriteLine($"{path}: accuracy {result.Metrics.Accuracy:0.0000}, kappa {result.Metrics.Kappa:0.0000} on {result.Rows} rows");
            }
            return Task.FromResult(0);
        }));
        return command;
    }
}
