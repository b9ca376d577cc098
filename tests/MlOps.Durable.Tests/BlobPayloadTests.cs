using Microsoft.Extensions.DependencyInjection;
using MlOps.Durable.Hosting;
using MlOps.Durable.Payloads;
using MlOps.Testing;

namespace MlOps.Durable.Tests;

/// <summary>Large payloads in real blob storage (Azurite), chosen automatically when the app has a blob client.</summary>
public sealed class BlobPayloadTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly TemporaryDirectory work = new("mlops-durable-blobs");

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task Payloads_over_the_threshold_are_blobs_in_the_hub_container_and_purge_deletes_them()
    {
        var hub = "BlobHub" + Guid.NewGuid().ToString("N")[..6];
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
        builder.Services.AddSingleton(azurite.CreateServiceClient());
        builder.Services.AddDurableTask(durable => durable
            .Configure(o =>
            {
                o.HubName = hub;
                o.LargePayloadThresholdChars = 1000;
                o.StorageProvider.ConnectionString = work.File("hub.sqlite");
                o.StorageProvider.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100);
            })
            .AddOrchestratorFunc<string, int>("Measure", async (context, text) => await context.CallActivityAsync<int>("Length", text))
            .AddActivityFunc<string, int>("Length", (_, text) => text.Length));
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        var text = string.Concat(Enumerable.Repeat("backscatter ", 1000));
        var id = await client.ScheduleNewOrchestrationInstanceAsync("Measure", text);
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
        Assert.Equal(text.Length, done.ReadOutputAs<int>());
        Assert.Equal(text, done.ReadInputAs<string>());

        var container = azurite.CreateServiceClient().GetBlobContainerClient(BlobPayloadStore.DefaultContainerName(hub));
        var blobs = await container.GetBlobsAsync($"{hub}/{id}/").ToListAsync();
        Assert.True(blobs.Count >= 3, $"expected the input, the activity input and history offloaded, found {blobs.Count} blobs");
        Assert.DoesNotContain(Directory.GetFiles(work.Path, "*", SearchOption.AllDirectories), f => f.Contains("payloads"));

        await client.PurgeInstanceAsync(id);
        Assert.Empty(await container.GetBlobsAsync($"{hub}/{id}/").ToListAsync());
        await host.StopAsync();
    }
}
