using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Durable;
using MlOps.Functions;
using MlOps.Functions.Pipeline;
using MlOps.Jobs.Local;
using MlOps.Learning.Trials;
using MlOps.Storage.Blobs;
using MlOps.Storage.Configuration;
using MlOps.Surveys.Packages;
using MlOps.Surveys.Synthesis;

namespace MlOps.Bench;

public sealed record SweepBenchmarkResult(
    int Trials,
    double Parallel1Seconds,
    double Parallel2Seconds,
    double Speedup,
    double DirectSequentialSeconds,
    double OverheadPerTrialMilliseconds,
    string Peer);

/// <summary>
/// Parallel efficiency of a sweep: the same number of identical trials (same model, data and
/// parameters) with parallelTrials 1 and 2, through the whole machinery (durable sweep, job
/// runner, trial processes, blob metrics); and, as the peer, the trainer run directly on the
/// same specs one after another, which gives the orchestration's overhead per trial.
/// </summary>
public static class SweepBenchmark
{
    public static async Task<SweepBenchmarkResult> RunAsync(MlOpsPaths paths, int blobPort, int trials, int surveySize, CancellationToken cancellationToken)
    {
        var state = Path.Combine(paths.StateDirectory, "bench", "sweep-" + Guid.NewGuid().ToString("N")[..8]);
        var site = "bench-" + Guid.NewGuid().ToString("N")[..6];
        await using var app = FunctionsApplication.Create(
            ["--urls", "http://127.0.0.1:0", "--MlOps:Azurite:BlobPort", blobPort.ToString(CultureInfo.InvariantCulture),
             "--AzureFunctionsJobHost:logging:logLevel:default", "Warning",
             // No emitter: the survey below must not start a retrain run of its own.
             "--MlOps:LocalEventGrid:Enabled", "false",
             "--MlOps:Jobs:Slots", "2", "--MlOps:Pipeline:TrialPollInterval", "00:00:00.100"],
            paths with { State = state });
        await app.StartAsync(cancellationToken);
        var storage = app.Services.GetRequiredService<BlobServiceClient>();
        try
        {
            var durable = app.Services.GetRequiredService<DurableTaskClient>();
            var surveys = app.Services.GetRequiredService<SurveyBlobStore>();
            var folder = Path.Combine(state, "survey");
            await new SurveySynthesizer(new SurveySynthesisOptions { Site = site, Size = surveySize, Seed = 5 }).WriteYearAsync(folder, 2016, cancellationToken);
            await surveys.UploadAsync(site, 2016, folder, cancellationToken: cancellationToken);

            var spec = $$"""
                algorithm: random
                limits: { maxTrials: {{trials}}, parallelTrials: 1, maxFailedTrials: 0 }
                earlyStopping: none
                parameters:
                  - { name: model, type: categorical, values: [rf] }
                  - { name: trainingFraction, type: categorical, values: ["0.7"] }
                  - { name: embeddingDim, type: categorical, values: ["0"] }
                """;
            var sequential = await SweepAsync(durable, site, "p1", spec, cancellationToken);
            var parallel = await SweepAsync(durable, site, "p2", spec.Replace("parallelTrials: 1", "parallelTrials: 2", StringComparison.Ordinal), cancellationToken);
            var direct = await DirectAsync(paths, storage, site, state, trials, blobPort, cancellationToken);
            return new SweepBenchmarkResult(
                trials,
                Math.Round(sequential.TotalSeconds, 2),
                Math.Round(parallel.TotalSeconds, 2),
                Math.Round(sequential / parallel, 2),
                Math.Round(direct.TotalSeconds, 2),
                Math.Round((sequential - direct).TotalMilliseconds / trials, 0),
                $"the trainer run directly on the same {trials} specs, one after another");
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            // The benchmark's survey must not be found later by a host's emitter and retrained.
            var surveys = storage.GetBlobContainerClient(SurveyBlobStore.ContainerName);
            await foreach (var blob in surveys.GetBlobsAsync($"{site}/", cancellationToken: CancellationToken.None))
            {
                await surveys.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            }
        }
    }

    private static async Task<TimeSpan> SweepAsync(DurableTaskClient durable, string site, string name, string spec, CancellationToken cancellationToken)
    {
        var sweepId = $"{site}-{name}";
        var watch = Stopwatch.StartNew();
        await durable.ScheduleNewOrchestrationInstanceAsync(SweepOrchestration.Name, new SweepRequest(sweepId, site, [2016], spec, 0, 1, "trials"),
            new StartOrchestrationOptions(sweepId), cancellationToken);
        var done = await durable.WaitForInstanceCompletionAsync(sweepId, getInputsAndOutputs: true, cancellationToken);
        var result = done.ReadOutputAs<SweepResult>();
        if (result is null || result.Trials.Any(t => t.Status != MlOps.Learning.Sweeps.TrialStatus.Succeeded))
        {
            throw new InvalidOperationException($"Benchmark sweep {sweepId} did not succeed: {done.RuntimeStatus} {result?.Reason ?? done.FailureDetails?.ErrorMessage}");
        }
        return watch.Elapsed;
    }

    private static async Task<TimeSpan> DirectAsync(MlOpsPaths paths, BlobServiceClient storage, string site, string state, int trials, int blobPort, CancellationToken cancellationToken)
    {
        var trainer = LocalProcessJobRunnerOptions.TrainerAssembly(paths);
        var specs = new List<string>();
        for (var i = 1; i <= trials; i++)
        {
            var spec = new TrialSpec
            {
                SweepId = $"{site}-direct",
                TrialId = $"t{i:D3}",
                Site = site,
                Years = [2016],
                Model = "rf",
                Parameters = new Dictionary<string, string> { ["embeddingDim"] = "0" },
                TrainingFraction = 0.7,
                Seed = 1 + i,
                OutputContainer = "trials",
                OutputPrefix = $"{site}-direct/t{i:D3}/",
            };
            var file = Path.Combine(state, $"direct-{i}.json");
            await File.WriteAllTextAsync(file, spec.ToJson(), cancellationToken);
            specs.Add(file);
        }
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["MlOps__Azurite__BlobPort"] = blobPort.ToString(CultureInfo.InvariantCulture),
            [MlOpsPaths.StateVariable] = state,
            // The thread budget of one job slot, as the job runner gives each trial.
            ["MLOPS_JOB_THREADS"] = "1",
        };
        var watch = Stopwatch.StartNew();
        foreach (var spec in specs)
        {
            await Measure.ProcessAsync("dotnet", environment, trainer, spec);
        }
        return watch.Elapsed;
    }
}
