using MlOps.Storage.Blobs;
using MlOps.Testing;

namespace MlOps.Storage.Tests;

public sealed class BlobListingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Listing_5001_blobs_follows_continuation_across_pages_in_name_order()
    {
        var counter = new RequestCounter();
        var options = new BlobStorageClientOptions();
        options.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerCall);
        var name = (await azurite.CreateContainerAsync("list")).Name;
        var container = azurite.CreateServiceClient(options).GetBlobContainerClient(name);
        var names = Enumerable.Range(0, 5001).Select(i => $"trials/t{i:D5}/metrics.json").ToList();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (blob, ct) => await container.GetBlobClient(blob).UploadAsync(BinaryData.FromString("{}"), cancellationToken: ct));
        await container.GetBlobClient("other/x.json").UploadAsync(BinaryData.FromString("{}"));

        var listed = new List<string>();
        await foreach (var item in container.GetBlobsAsync("trials/", pageSize: 1000))
        {
            listed.Add(item.Name);
            Assert.Equal(2, item.Properties.ContentLength);
        }

        Assert.Equal(names, listed);
        Assert.Equal(6, counter.Requests.Count(r => r.Contains("comp=list", StringComparison.Ordinal)));
    }
}
