using System.Net;
using MlOps.Durable;
using MlOps.Functions.Pipeline;
using MlOps.Storage.EventGrid;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

public sealed class SurveyArrivalTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_uploaded_survey_starts_one_retrain_even_when_its_event_comes_three_times_and_two_at_once()
    {
        await using var host = await TestHost.StartAsync(azurite);
        var storage = azurite.CreateServiceClient();
        var uploaded = await SurveyPackages.UploadAsync(storage, "bedford", 2016);
        var instanceId = RetrainInstanceIds.ForManifest("bedford", 2016, uploaded.ETag.ToString());

        var started = await host.Durable.WaitForCreatedAndStartedAsync(instanceId);
        var manifest = await FindManifestAsync(storage, "bedford/2016/manifest.json");
        var redelivery = BlobCreatedEvent.For(storage.Uri, storage.AccountName, "surveys", manifest);
        var concurrent = await Task.WhenAll(host.PostEventsAsync(new[] { redelivery }), host.PostEventsAsync(new[] { redelivery }));
        var third = await host.PostEventsAsync(new[] { redelivery });
        await host.Durable.WaitForInstanceCompletionAsync(instanceId);

        Assert.Equal("RetrainSurvey", started.Name);
        Assert.All(concurrent.Append(third), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var instances = await ListAsync(host.Durable, RetrainInstanceIds.SitePrefix("bedford"));
        Assert.Equal([instanceId], instances);
        var history = await host.Durable.GetOrchestrationHistoryAsync(instanceId);
        Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionStarted);
    }

    [Fact]
    public async Task A_corrected_manifest_is_a_new_version_and_starts_a_new_run()
    {
        await using var host = await TestHost.StartAsync(azurite);
        var storage = azurite.CreateServiceClient();

        var first = await SurveyPackages.UploadAsync(storage, "halifax", 2017);
        await host.Durable.WaitForCreatedAndStartedAsync(RetrainInstanceIds.ForManifest("halifax", 2017, first.ETag.ToString()));
        var second = await SurveyPackages.UploadAsync(storage, "halifax", 2017);
        await host.Durable.WaitForCreatedAndStartedAsync(RetrainInstanceIds.ForManifest("halifax", 2017, second.ETag.ToString()));

        Assert.Equal(2, (await ListAsync(host.Durable, RetrainInstanceIds.SitePrefix("halifax"))).Count);
    }

    internal static async Task<List<string>> ListAsync(DurableTaskClient durable, string prefix)
    {
        var ids = new List<string>();
        await foreach (var instance in durable.QueryInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, Name = RetrainSurveyOrchestration.Name }))
        {
            ids.Add(instance.InstanceId);
        }
        return ids;
    }

    private static async Task<MlOps.Storage.Blobs.BlobItem> FindManifestAsync(MlOps.Storage.Blobs.BlobServiceClient storage, string name)
    {
        await foreach (var blob in storage.GetBlobContainerClient("surveys").GetBlobsAsync(name))
        {
            return blob;
        }
        throw new InvalidOperationException($"{name} was not uploaded");
    }
}
