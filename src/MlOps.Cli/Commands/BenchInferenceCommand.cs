using System.CommandLine;
using MlOps.Bench;
using MlOps.Storage;

namespace MlOps.Cli.Commands;

/// <summary>`mlops bench inference`: the predict function under load next to ONNX Runtime in-process.</summary>
public static class BenchInferenceCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var defaults = new InferenceBenchmarkOptions();
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once (host and in-process alike)", DefaultValueFactory = _ => defaults.Concurrency };
        var single = new Option<int>("--single-row-requests") { Description = "1-row requests to time", DefaultValueFactory = _ => defaults.SingleRowRequests };
        var batch = new Option<int>("--batch-requests") { Description = "Batch requests to time", DefaultValueFactory = _ => defaults.BatchRequests };
        var batchRows = new Option<int>("--batch-rows") { Description = "Rows per batch request", DefaultValueFactory = _ => defaults.BatchRows };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var command = new Command("inference", "Predict function at fixed concurrency (requests/s, p50/p99 for 1-row and 1,000-row requests) next to ONNX Runtime in-process.");
        foreach (var option in new Option[] { concurrency, single, batch, batchRows, json })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var storage = await LocalStorage.OpenAsync(environment, cancellationToken);
            var options = new InferenceBenchmarkOptions
            {
                Concurrency = parse.GetValue(concurrency),
                SingleRowRequests = parse.GetValue(single),
                BatchRequests = parse.GetValue(batch),
                BatchRows = parse.GetValue(batchRows),
            };
            var result = await InferenceBenchmark.RunAsync(environment.Paths, BlobServiceClientFactory.DevelopmentBlobPort(environment.Configuration), options, Console.Error, cancellationToken);
            if (parse.GetValue(json))
            {
                CliJson.Write(result);
                return 0;
            }
            Console.WriteLine($"{"scenario",-12} {"conc.",5} {"HTTP req/s",11} {"p50 ms",8} {"p99 ms",8} {"rows/s",11} | {"in-proc req/s",13} {"p50 ms",8} {"p99 ms",8} {"rows/s",11} | {"p50 +ms",8} {"rows/s ratio",12}");
            foreach (var s in result.Scenarios)
            {
                Console.WriteLine($"{s.Name,-12} {s.Concurrency,5} {s.Http.RequestsPerSecond,11} {s.Http.P50Milliseconds,8} {s.Http.P99Milliseconds,8} {s.Http.RowsPerSecond,11} | {s.InProcess.RequestsPerSecond,13} {s.InProcess.P50Milliseconds,8} {s.InProcess.P99Milliseconds,8} {s.InProcess.RowsPerSecond,11} | {s.P50OverheadMilliseconds,8} {s.RowsPerSecondRatio,12}");
            }
            Console.WriteLine($"targets: {result.Targets}: {(result.MeetsTargets ? "met" : "NOT met")}");
            return 0;
        });
        return command;
    }
}
