using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using MlOps.Learning.Data;
using MlOps.Learning.Models;
using MlOps.Learning.Training;
using MlOps.Learning.Trials;
using MlOps.Onnx.Export;
using MlOps.Storage;
using MlOps.Storage.Blobs;
using MlOps.Storage.Configuration;
using MlOps.Surveys.Features;
using MlOps.Surveys.Packages;

namespace MlOps.Trainer;

/// <summary>
/// The trial job: reads one trial spec, downloads the survey years it names, extracts
/// features, splits them into training and validation in spatial blocks, trains the model
/// while streaming each step's validation metrics to metrics.jsonl, then writes model.onnx
/// and metrics.json (metrics.json last: its presence means the trial finished).
/// Exit codes: 0 done, 2 bad spec or data, 1 anything else; the reason goes to stderr.
/// </summary>
public static class TrialProgram
{
    public const string SpecVariable = "MLOPS_TRIAL_SPEC";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var location = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable(SpecVariable);
        if (string.IsNullOrWhiteSpace(location))
        {
            await Console.Error.WriteLineAsync($"mlops-trainer: give the trial spec location as the argument or in {SpecVariable} (blob:{{container}}/{{name}} or a file).");
            return 2;
        }
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var storage = new Lazy<BlobServiceClient>(() => BlobServiceClientFactory.Create(configuration));
        using var telemetry = TrainerTelemetry.Start();
        using var span = TrainerTelemetry.StartTrial(Environment.GetEnvironmentVariable("TRACEPARENT"), Environment.GetEnvironmentVariable("TRACESTATE"));
        try
        {
            var spec = await SpecSource.ReadAsync(location, () => storage.Value, cancellationToken);
            span?.SetTag("mlops.trial.id", spec.TrialId);
            span?.SetTag("mlops.sweep.id", spec.SweepId);
            span?.SetTag("mlops.trial.model", spec.Model);
            await TrainAsync(spec, storage.Value, span, cancellationToken);
            return 0;
        }
        catch (Exception e) when (e is FormatException or SurveyPackageException or DatasetFormatException or TrainingParameterException)
        {
            await Console.Error.WriteLineAsync($"mlops-trainer: {e.Message}");
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            return 2;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("mlops-trainer: cancelled");
            span?.SetStatus(ActivityStatusCode.Error, "cancelled");
            return 130;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"mlops-trainer: {e.GetType().Name}: {e.Message}");
            span?.SetStatus(ActivityStatusCode.Error, $"{e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    private static async Task TrainAsync(TrialSpec spec, BlobServiceClient storage, Activity? span, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var cache = Environment.GetEnvironmentVariable("MLOPS_CACHE_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(MlOpsPaths.Discover().StateDirectory, "cache", "surveys");
        var surveys = new SurveyBlobStore(storage, cache);
        var packages = new List<SurveyPackage>();
        var lineage = new List<TrialDataYear>();
        using (TrainerTelemetry.Source.StartActivity("download_surveys"))
        {
            foreach (var year in spec.Years)
            {
                var local = await surveys.DownloadAsync(spec.Site, year, cancellationToken);
                var package = SurveyPackage.Open(local.Directory);
                packages.Add(package);
                lineage.Add(new TrialDataYear(year, local.ManifestETag, package.Manifest.Files.ToDictionary(f => f.Name, f => f.Sha256)));
            }
        }
        Console.WriteLine($"{spec.TrialId}: {spec.Model} on {spec.Site} {string.Join(",", spec.Years)} with {Describe(spec.Parameters)}, trainingFraction {spec.TrainingFraction}");

        var table = TrainingData.LoadLabelled(packages, FeatureOptions.Raw, spec.MaxRowsPerSurvey > 0 ? spec.MaxRowsPerSurvey : null, spec.Seed, cancellationToken);
        var split = TrainValidationSplit.Create(table, new SplitOptions { ValidationFraction = 1 - spec.TrainingFraction, Strategy = SplitStrategy.SpatialBlocks, Seed = spec.Seed });
        var training = DataSources.FromFeatureTable(table.Select(split.TrainRows), "training");
        var validation = DataSources.FromFeatureTable(table.Select(split.ValidationRows), "validation");
        if (training.Rows == 0 || validation.Rows == 0)
        {
            throw new FormatException(
                $"Survey years {string.Join(",", spec.Years)} of {spec.Site} give {training.Rows} training and {validation.Rows} validation rows " +
                $"from {table.RowCount} labelled pixels: the spatial-block split needs more labelled area (or a trainingFraction further from 0 and 1).");
        }

        var parameters = new Dictionary<string, string>(spec.Parameters, StringComparer.OrdinalIgnoreCase)
        {
            ["seed"] = spec.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        // The job runner sizes its slots by threads per trial; a trial keeps to its share of the cores.
        if (!parameters.ContainsKey("threads") && Environment.GetEnvironmentVariable("MLOPS_JOB_THREADS") is { Length: > 0 } threads)
        {
            parameters["threads"] = threads;
        }
        var trainer = TrainerRegistry.Create(spec.Model, parameters);
        var output = storage.GetBlobContainerClient(spec.OutputContainer);
        await output.CreateIfNotExistsAsync(cancellationToken);
        var metrics = new TrialMetricsWriter(output.GetBlobClient(spec.OutputPrefix + TrialOutputs.Intermediate), cancellationToken);
        TrainedModel trained;
        using (TrainerTelemetry.Source.StartActivity("train"))
        {
            trained = trainer.Train(training, validation, new Progress(step =>
            {
                // A diverging model can report an infinite or NaN loss; JSON has no such numbers.
                var loss = step.Loss is { } l && double.IsFinite(l) ? l : (double?)null;
                metrics.Append(new TrialMetricsLine(step.Step, step.Metrics.Accuracy, step.Metrics.Kappa, loss, Math.Round(started.Elapsed.TotalSeconds, 2)));
                Console.WriteLine($"{spec.TrialId} step {step.Step}: accuracy {step.Metrics.Accuracy:0.0000}, kappa {step.Metrics.Kappa:0.0000}");
            }), cancellationToken);
            await metrics.CompleteAsync();
        }

        byte[] model;
        using (TrainerTelemetry.Source.StartActivity("export_onnx"))
        {
            model = OnnxExporter.Export(trained);
        }
        await output.GetBlobClient(spec.OutputPrefix + TrialOutputs.Model).UploadAsync(new BinaryData(model), cancellationToken: cancellationToken);
        var final = new TrialFinalMetrics(
            spec.TrialId,
            trained.Kind,
            trained.Parameters,
            trained.ValidationMetrics.Accuracy,
            trained.ValidationMetrics.Kappa,
            JsonSerializer.SerializeToNode(trained.ValidationMetrics, TrialSpec.Json)!.AsObject(),
            metrics.Curve,
            trained.TrainingRows,
            trained.ValidationRows,
            Math.Round(started.Elapsed.TotalSeconds, 2),
            Convert.ToHexStringLower(SHA256.HashData(model)),
            lineage,
            TrainerTelemetry.Describe(span));
        span?.SetTag("mlops.trial.accuracy", final.Accuracy);
        span?.SetTag("mlops.trial.kappa", final.Kappa);
        span?.SetTag("mlops.trial.training_rows", final.TrainingRows);
        await output.GetBlobClient(spec.OutputPrefix + TrialOutputs.Final).UploadAsync(
            BinaryData.FromString(JsonSerializer.Serialize(final, TrialSpec.Json)), new BlobUploadOptions { ContentType = "application/json" }, cancellationToken);
        Console.WriteLine($"{spec.TrialId}: accuracy {final.Accuracy:0.0000}, kappa {final.Kappa:0.0000} in {final.TrainSeconds:0.0} s");
    }

    private static string Describe(IReadOnlyDictionary<string, string> parameters) =>
        parameters.Count == 0 ? "defaults" : string.Join(", ", parameters.Select(p => $"{p.Key}={p.Value}"));

    private sealed class Progress(Action<TrainingStep> report) : IProgress<TrainingStep>
    {
        public void Report(TrainingStep value) => report(value);
    }
}
