using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MlOps.Functions.Pipeline;
using MlOps.Infra.Tests.Bicep;
using MlOps.Infra.Tests.Images;
using MlOps.Learning.Trials;
using MlOps.Storage;
using MlOps.Storage.Blobs;
using MlOps.Surveys.Packages;
using MlOps.Surveys.Synthesis;
using MlOps.Testing;

namespace MlOps.Infra.Tests;

/// <summary>
/// The programs published by the README's commands, laid out as their images lay them out and
/// started with the settings the template gives them in Azure. Azure-only pieces have local
/// stand-ins: the storage account is Azurite reached with a connection string instead of the
/// managed identity, the durable store is a throwaway PostgreSQL database, the Key Vault
/// secrets are generated here, and the platform's identity endpoint is a closed local port.
/// </summary>
public sealed class PublishedProgramsTests(AzuriteFixture azurite, PostgresFixture postgres, ReadmePublish published)
    : IClassFixture<AzuriteFixture>, IClassFixture<PostgresFixture>, IClassFixture<ReadmePublish>
{
    private static string OnnxRuntimeLibrary => Path.Combine(InfraPaths.Root, "node_modules", "onnxruntime-node", "bin", "napi-v6", "linux", "x64", "libonnxruntime.so.1");

    [Fact]
    public async Task The_published_app_is_ready_with_the_templates_settings_and_takes_survey_events_at_the_templates_webhook()
    {
        _ = published;
        using var scratch = new TemporaryDirectory("infra-app");
        var image = LocalImage.Prepare(DeploymentFiles.AppImage, InfraPaths.Root, OnnxRuntimeLibrary, scratch.Path);
        var keys = new Dictionary<string, string>
        {
            ["mlops-keys-master"] = NewKey(),
            ["mlops-keys-function"] = NewKey(),
            ["mlops-keys-eventgrid"] = NewKey(),
            ["mlops-keys-durabletask"] = NewKey(),
        };
        var secrets = new Dictionary<string, string>(keys) { ["durable-store-connection"] = await postgres.CreateDatabaseAsync("infra") };
        var port = FreePort.Next();
        var environment = Environment(image, AzureStandIns.Environment(DeploymentFiles.AppContainer, secrets));
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";

        Assert.Equal("dotnet", image.Entrypoint[0]);
        await using var app = await ChildProcess.StartAsync(image.Entrypoint[1], image.Entrypoint.Skip(2), environment);
        await app.WaitAsync(app.WhenPrinted(l => l.Contains("Application started", StringComparison.Ordinal)), "Application started", TimeSpan.FromMinutes(2));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var ready = await http.GetAsync("/health/ready");
        var readiness = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.OK, $"/health/ready answered {(int)ready.StatusCode}: {readiness}\n{app.Output}");
        using (var report = JsonDocument.Parse(readiness))
        {
            Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
            Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("durableStore").GetProperty("status").GetString());
            // Every check the app has must pass, the image's ONNX Runtime library among them.
            Assert.All(report.RootElement.GetProperty("checks").EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
        }

        // Event Grid's subscription handshake, at the URL the template gives Event Grid (TLS ends at the platform's ingress).
        var webhook = WebhookUrl(port, keys["mlops-keys-eventgrid"]);
        using (var handshake = new HttpRequestMessage(HttpMethod.Post, webhook))
        {
            handshake.Headers.Add("aeg-event-type", "SubscriptionValidation");
            handshake.Content = JsonContent.Create(new[]
            {
                new
                {
                    id = "validation", topic = "standin", subject = "", eventType = "Microsoft.EventGrid.SubscriptionValidationEvent",
                    eventTime = DateTimeOffset.UtcNow, data = new { validationCode = "infra-check" }, dataVersion = "1", metadataVersion = "1",
                },
            });
            var answer = await http.SendAsync(handshake);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("infra-check", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("validationResponse").GetString());
        }

        // A survey manifest lands: the template's filter lets its event through, and the app starts the retrain run in PostgreSQL.
        var manifest = await UploadSurveyAsync(azurite.CreateServiceClient(), "bedford", 2018);
        var subject = "/blobServices/default/containers/surveys/blobs/bedford/2018/manifest.json";
        Assert.True(SubscriptionFilterLetsThrough(subject), $"the subscription's filter drops {subject}");
        Assert.False(SubscriptionFilterLetsThrough("/blobServices/default/containers/surveys/blobs/bedford/2018/backscatter.tif"));
        using (var delivery = new HttpRequestMessage(HttpMethod.Post, webhook))
        {
            delivery.Headers.Add("aeg-event-type", "Notification");
            delivery.Content = JsonContent.Create(new[]
            {
                new
                {
                    id = Guid.NewGuid().ToString(), topic = "standin", subject, eventType = "Microsoft.Storage.BlobCreated", eventTime = DateTimeOffset.UtcNow,
                    data = new { api = "PutBlob", eTag = manifest.ETag.ToString(), contentType = "application/json", contentLength = manifest.ContentLength, blobType = "BlockBlob", url = "http://127.0.0.1/manifest.json" },
                    dataVersion = "", metadataVersion = "1",
                },
            });
            var accepted = await http.SendAsync(delivery);
            Assert.True(accepted.IsSuccessStatusCode, $"the webhook answered {(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}\n{app.Output}");
        }
        var instanceId = RetrainInstanceIds.ForManifest("bedford", 2018, manifest.ETag.ToString());
        var status = await http.GetAsync($"/runtime/webhooks/durabletask/instances/{instanceId}?code={Uri.EscapeDataString(keys["mlops-keys-durabletask"])}");
        // Durable Functions' status API: 200 once the instance has ended, 202 while it is pending or running.
        Assert.True(status.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"instance {instanceId}: {(int)status.StatusCode} {await status.Content.ReadAsStringAsync()}");
        Assert.Equal("RetrainSurvey", (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_published_trainer_runs_a_trial_with_the_trial_jobs_settings()
    {
        _ = published;
        using var scratch = new TemporaryDirectory("infra-trainer");
        var image = LocalImage.Prepare(DeploymentFiles.TrainerImage, InfraPaths.Root, OnnxRuntimeLibrary, scratch.Path);
        var storage = azurite.CreateServiceClient();
        // Trials split rows into 64-pixel spatial blocks: a survey several blocks wide leaves rows on both sides.
        await UploadSurveyAsync(storage, "halifax", 2017, size: 192);
        var spec = new TrialSpec
        {
            SweepId = "infra",
            TrialId = "trial-1",
            Site = "halifax",
            Years = [2017],
            Model = "rf",
            Parameters = new Dictionary<string, string> { ["trees"] = "8" },
            MaxRowsPerSurvey = 3000,
            Seed = 7,
            OutputContainer = "trials",
            OutputPrefix = "infra/trial-1/",
        };
        var trials = storage.GetBlobContainerClient("trials");
        await trials.CreateIfNotExistsAsync();
        await trials.GetBlobClient(spec.OutputPrefix + TrialOutputs.Spec).UploadAsync(BinaryData.FromString(spec.ToJson()));
        var environment = Environment(image, AzureStandIns.Environment(DeploymentFiles.TrialContainer, new Dictionary<string, string>()));
        // What the app's job runner adds to each execution.
        environment[MlOps.Jobs.JobEnvironment.TrialSpec] = $"blob:trials/{spec.OutputPrefix}{TrialOutputs.Spec}";
        environment[MlOps.Jobs.JobEnvironment.JobId] = "infra-trial-1";

        var run = await ProgramRun.RunAsync(image.Entrypoint[0], image.Entrypoint.Skip(1).ToList(), image.WorkingDirectory, environment, TimeSpan.FromMinutes(5));

        Assert.True(run.ExitCode == 0, $"the trainer exited with {run.ExitCode}:\n{run.Output}");
        var (metrics, _) = await trials.GetBlobClient(spec.OutputPrefix + TrialOutputs.Final).DownloadContentAsync();
        using var final = JsonDocument.Parse(metrics.ToString());
        Assert.Equal("trial-1", final.RootElement.GetProperty("trialId").GetString());
        Assert.InRange(final.RootElement.GetProperty("accuracy").GetDouble(), 0.5, 1.0);
        Assert.True(final.RootElement.GetProperty("trainingRows").GetInt32() > 0, metrics.ToString());
        Assert.Equal(2017, final.RootElement.GetProperty("dataYears")[0].GetProperty("year").GetInt32());
        var (model, _) = await trials.GetBlobClient(spec.OutputPrefix + TrialOutputs.Model).DownloadContentAsync();
        Assert.Equal(final.RootElement.GetProperty("modelSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(model.ToArray())));
    }

    /// <summary>The image's environment, then the template's settings, with the identity-based storage connection swapped for a connection string to Azurite.</summary>
    private Dictionary<string, string> Environment(LocalImage image, IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>(image.Environment);
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }
        var identityStorage = environment.Keys.Where(k => k.StartsWith("AzureWebJobsStorage__", StringComparison.Ordinal)).ToList();
        Assert.Contains("AzureWebJobsStorage__blobServiceUri", identityStorage);
        Assert.Equal("managedidentity", environment["AzureWebJobsStorage__credential"]);
        foreach (var key in identityStorage)
        {
            environment.Remove(key);
        }
        environment["AzureWebJobsStorage"] =
            $"DefaultEndpointsProtocol=http;AccountName={StorageConnectionString.DevelopmentAccountName};AccountKey={StorageConnectionString.DevelopmentAccountKey};BlobEndpoint={azurite.BlobEndpoint}";
        // Container Apps gives a container with a managed identity these two; here any token request stays on this machine and fails.
        environment["IDENTITY_ENDPOINT"] = $"http://127.0.0.1:{FreePort.Next()}/msi/token";
        environment["IDENTITY_HEADER"] = "standin";
        return environment;
    }

    private static string WebhookUrl(int port, string eventGridKey)
    {
        var file = DeploymentFiles.Template.File("modules/survey-events.bicep");
        var evaluator = new BicepEvaluator(file, new Dictionary<string, BicepValue>
        {
            ["appFqdn"] = new BicepText($"127.0.0.1:{port}"),
            ["eventGridKey"] = new BicepText(eventGridKey),
        });
        var subscription = file.Resources("Microsoft.EventGrid/systemTopics/eventSubscriptions").Single();
        var body = (BicepObjectValue)evaluator.Evaluate(subscription.Value!);
        var url = ((BicepText)Member(body, "properties", "destination", "properties", "endpointUrl")).Exact!;
        Assert.StartsWith("https://", url, StringComparison.Ordinal);
        return "http://" + url["https://".Length..];
    }

    private static bool SubscriptionFilterLetsThrough(string subject)
    {
        var file = DeploymentFiles.Template.File("modules/survey-events.bicep");
        var evaluator = DeploymentFiles.Template.Evaluator(file);
        var subscription = file.Resources("Microsoft.EventGrid/systemTopics/eventSubscriptions").Single();
        var filter = (BicepObjectValue)Member((BicepObjectValue)evaluator.Evaluate(subscription.Value!), "properties", "filter");
        return ((BicepText)filter["subjectBeginsWith"]!).Exact is { } begins && subject.StartsWith(begins, StringComparison.Ordinal)
            && ((BicepText)filter["subjectEndsWith"]!).Exact is { } ends && subject.EndsWith(ends, StringComparison.Ordinal)
            && ((BicepArrayValue)filter["includedEventTypes"]!).Items.Any(i => i is BicepText { Exact: "Microsoft.Storage.BlobCreated" });
    }

    private static BicepValue Member(BicepObjectValue value, params string[] names)
    {
        BicepValue current = value;
        foreach (var name in names)
        {
            current = ((BicepObjectValue)current)[name] ?? throw new KeyNotFoundException($"no '{name}' in {current.Pattern}");
        }
        return current;
    }

    private static async Task<BlobProperties> UploadSurveyAsync(BlobServiceClient storage, string site, int year, int size = 64)
    {
        using var folder = new TemporaryDirectory($"infra-{site}-{year}");
        await new SurveySynthesizer(new SurveySynthesisOptions { Site = site, Size = size, Seed = 11 }).WriteYearAsync(folder.Path, year);
        await new SurveyBlobStore(storage, folder.File("cache")).UploadAsync(site, year, folder.Path);
        return await storage.GetBlobContainerClient(SurveyBlobStore.ContainerName).GetBlobClient($"{site}/{year}/manifest.json").GetPropertiesAsync();
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
