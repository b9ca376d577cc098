using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Cli.Demo;
using MlOps.Durable;
using MlOps.Functions;
using MlOps.Functions.Pipeline;
using MlOps.Functions.Runtime;
using MlOps.Registry;
using MlOps.Storage.Blobs;
using MlOps.Surveys.Packages;
using MlOps.Surveys.Synthesis;
using Spectre.Console;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops demo`: the whole story on embedded defaults. Generated surveys of one basin for
/// several years are uploaded one after another; each upload triggers a retrain run (validate,
/// drift, sweep, final training, evaluation, registration); at the end every version is scored
/// on every year, showing last year's model dropping on the new year and the retrained one
/// recovering.
/// </summary>
public static class DemoCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var quick = new Option<bool>("--quick") { Description = "A small sweep (sweeps/quick.yaml) instead of the published pipeline's 30 trials" };
        var size = new Option<int>("--size") { Description = "Survey rasters are SIZE × SIZE pixels", DefaultValueFactory = _ => 256 };
        var site = new Option<string>("--site") { Description = "Site name (its earlier demo data is cleared first)", DefaultValueFactory = _ => "bedford" };
        var years = new Option<string>("--years") { Description = "Survey years, uploaded in this order", DefaultValueFactory = _ => "2016,2017,2018" };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated surveys", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Run the main job locally on embedded defaults: generated yearly surveys arrive, each is retrained, evaluated and registered.");
        foreach (var option in new Option[] { quick, size, site, years, seed })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var watch = Stopwatch.StartNew();
            var siteName = parse.GetValue(site)!;
            var yearList = parse.GetValue(years)!.Split(',', StringSplitOptions.TrimEntries).Select(y => int.Parse(y, CultureInfo.InvariantCulture)).ToList();
            var folder = Path.Combine(environment.Paths.StateDirectory, "demo", siteName);
            AnsiConsole.MarkupLine($"[bold]Generating surveys[/] of site {siteName} for {string.Join(", ", yearList)} ({parse.GetValue(size)}×{parse.GetValue(size)} px) in {Markup.Escape(folder)}");
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
            await new SurveySynthesizer(new SurveySynthesisOptions { Site = siteName, Size = parse.GetValue(size), Seed = parse.GetValue(seed) })
                .WriteSiteAsync(folder, yearList, cancellationToken);

            var arguments = new List<string>
            {
                "--urls", "http://127.0.0.1:0", "--AzureFunctionsJobHost:logging:logLevel:default", "Warning",
                // A canary rollout in seconds rather than hours, so the story fits in one sitting.
                "--MlOps:Rollout:ShadowDuration", "00:00:04", "--MlOps:Rollout:StepDuration", "00:00:03",
                "--MlOps:Rollout:MinRequests", "40", "--MlOps:Rollout:MinComparedRows", "200", "--MlOps:Rollout:MinFeedbackRows", "200",
                "--MlOps:Inference:MetricsFlushInterval", "00:00:01",
            };
            if (parse.GetValue(quick))
            {
                arguments.AddRange(["--MlOps:Pipeline:SweepSpecFile", Path.Combine("sweeps", "quick.yaml")]);
            }
            await using var app = FunctionsApplication.Create([.. arguments], environment.Paths);
            AnsiConsole.MarkupLine("[bold]Starting the local stack[/]: Azurite, the functions host, the local Event Grid emitter");
            await app.StartAsync(cancellationToken);
            var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
            var storage = app.Services.GetRequiredService<BlobServiceClient>();
            var durable = app.Services.GetRequiredService<DurableTaskClient>();
            var keys = app.Services.GetRequiredService<FunctionKeys>();
            var surveys = app.Services.GetRequiredService<SurveyBlobStore>();
            AnsiConsole.MarkupLine($"  host at {baseAddress}");
            await DemoSiteReset.ResetAsync(storage, durable, siteName, cancellationToken);

            using var http = new HttpClient { BaseAddress = baseAddress };
            var runs = new List<string>();
            foreach (var year in yearList)
            {
                AnsiConsole.WriteLine();
                AnsiConsole.MarkupLine($"[bold]{year}[/]: uploading the survey package (manifest last)");
                await surveys.UploadAsync(siteName, year, Path.Combine(folder, year.ToString(CultureInfo.InvariantCulture)), cancellationToken: cancellationToken);
                var manifest = await storage.GetBlobContainerClient(SurveyBlobStore.ContainerName).GetBlobClient($"{siteName}/{year}/manifest.json").GetPropertiesAsync(cancellationToken: cancellationToken);
                var uploaded = watch.Elapsed;
                var runId = RetrainInstanceIds.ForManifest(siteName, year, manifest.ETag.ToString());
                while (await durable.GetInstanceAsync(runId, cancellationToken: cancellationToken) is null)
                {
                    await Task.Delay(50, cancellationToken);
                }
                AnsiConsole.MarkupLine($"  Event Grid → SurveyArrived → {runId} started {(watch.Elapsed - uploaded).TotalMilliseconds:0} ms after the manifest landed");
                var statusUri = new Uri(baseAddress, $"runtime/webhooks/durabletask/instances/{runId}?code={Uri.EscapeDataString(keys.DurableTask)}");
                var outcome = await new RetrainWatcher(http, statusUri).WatchAsync(cancellationToken);
                if (outcome.RuntimeStatus != "Completed")
                {
                    AnsiConsole.MarkupLine($"[red]{runId} {outcome.RuntimeStatus}[/]: {Markup.Escape(outcome.Progress?.Reason ?? "")}");
                    return 1;
                }
                var progress = outcome.Progress!;
                AnsiConsole.MarkupLine($"  [green]{Markup.Escape(outcome.Output?.GetProperty("outcome").GetString() ?? "")}[/]: version {progress.Version}, accuracy {progress.Accuracy:0.000} on {year}" +
                    (progress.AccuracyGainOnNewestYear is { } gain ? $", {gain:+0.000;-0.000} over the champion" : "") +
                    (progress.DriftFlags is { Count: > 0 } flags ? $"; drift flagged: {Markup.Escape(string.Join(", ", flags))}" : ""));
                runs.Add(runId);
                var rolloutId = $"rollout-{siteName}-v{progress.Version}";
                if (await durable.GetInstanceAsync(rolloutId, cancellationToken: cancellationToken) is not null)
                {
                    AnsiConsole.MarkupLine($"  canary rollout {rolloutId}: clients send {year}'s pixels and their true classes as feedback");
                    var (table, _) = await app.Services.GetRequiredService<SurveyFeatures>().LoadAsync(siteName, year, 4000, 3, cancellationToken);
                    var traffic = new DemoTraffic(http, keys.Function, siteName, MlOps.Learning.Data.DataSources.FromFeatureTable(table));
                    var decided = await traffic.RunUntilDecidedAsync(durable, rolloutId, cancellationToken);
                    AnsiConsole.MarkupLine(decided is null
                        ? "  [red]the rollout ended without an outcome[/]"
                        : $"  [bold]{Markup.Escape(decided.Outcome)}[/]: {Markup.Escape(decided.Reason)}");
                }
            }

            AnsiConsole.WriteLine();
            var pipeline = app.Services.GetRequiredService<IOptions<PipelineOptions>>().Value;
            var scorer = new ModelScorer(app.Services.GetRequiredService<SurveyFeatures>(), pipeline.MaxEvaluationRowsPerSurvey);
            var matrix = await ModelYearMatrix.ComputeAsync(app.Services.GetRequiredService<ModelRegistryClient>(), scorer, siteName, yearList, cancellationToken);
            AnsiConsole.Write(ModelYearMatrix.ToTable(matrix, yearList));
            var matrixFile = Path.Combine(environment.Paths.StateDirectory, "demo", $"{siteName}-matrix.json");
            await File.WriteAllTextAsync(matrixFile, JsonSerializer.Serialize(matrix, CliJson.Options), cancellationToken);
            AnsiConsole.MarkupLine("Yellow cells are years a version never trained on: last year's model drops there, the retrained one recovers.");

            AnsiConsole.WriteLine();
            AnsiConsole.MarkupLine($"[bold]Done in {watch.Elapsed.TotalMinutes:0.0} min.[/] Where to look:");
            AnsiConsole.MarkupLine($"  ./mlops models list {siteName}                     versions, aliases, metrics");
            AnsiConsole.MarkupLine($"  ./mlops canary status {siteName}                   the last rollout's weights, gates and online metrics");
            AnsiConsole.MarkupLine($"  ./mlops sweep show {runs[^1]}   the last sweep's trials");
            AnsiConsole.MarkupLine($"  ./mlops report {runs[^1]} --out reports   one HTML file with the run's pictures and tables");
            AnsiConsole.MarkupLine($"  ./mlops up   then open http://127.0.0.1:{FunctionsApplication.DefaultLocalPort}/?code=<function key from ./mlops keys>");
            AnsiConsole.MarkupLine($"  {Markup.Escape(matrixFile)}   the model × year matrix");
            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
