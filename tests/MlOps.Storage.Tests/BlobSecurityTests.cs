using MlOps.Storage.Blobs;
using MlOps.Testing;

namespace MlOps.Storage.Tests;

public sealed class BlobSecurityTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_wrong_account_key_gives_a_clear_403_naming_the_account()
    {
        var container = await azurite.CreateContainerAsync("auth");
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var client = new BlobServiceClient(azurite.BlobEndpoint, new StorageSharedKeyCredential(StorageConnectionString.DevelopmentAccountName, wrongKey));

        var error = await Assert.ThrowsAsync<StorageRequestException>(() =>
            client.GetBlobContainerClient(container.Name).GetBlobClient("x.txt").UploadAsync(BinaryData.FromString("x")));

        Assert.Equal(403, error.Status);
        Assert.Contains("'devstoreaccount1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("credentials", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../secrets.txt")]
    [InlineData("surveys/../../x")]
    [InlineData("surveys/./x")]
    [InlineData("surveys%2Fbedford")]
    [InlineData("surveys%2fbedford")]
    [InlineData("/surveys/bedford")]
    [InlineData("surveys//bedford")]
    [InlineData("surveys\\bedford")]
    public async Task A_blob_name_that_escapes_its_path_is_rejected_before_any_request(string name)
    {
        var counter = new RequestCounter();
        var options = new BlobStorageClientOptions();
        options.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerCall);
        var container = azurite.CreateServiceClient(options).GetBlobContainerClient("surveys");

        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await container.GetBlobClient(name).UploadAsync(BinaryData.FromString("x")));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Empty(counter.Requests);
    }

    [Fact]
    public async Task A_read_only_SAS_lists_and_reads_but_cannot_write()
    {
        var container = await azurite.CreateContainerAsync("sas");
        await container.GetBlobClient("surveys/a.txt").UploadAsync(BinaryData.FromString("hello"));
        var sas = new AccountSasBuilder
        {
            Permissions = "rl",
            ExpiresOn = DateTimeOffset.UtcNow.AddHours(1),
        }.ToSasQuery(new StorageSharedKeyCredential(StorageConnectionString.DevelopmentAccountName, StorageConnectionString.DevelopmentAccountKey));
        var client = new BlobServiceClient(new Uri(azurite.BlobEndpoint + "?" + sas));
        var readOnly = client.GetBlobContainerClient(container.Name);

        Assert.Equal("hello", (await readOnly.GetBlobClient("surveys/a.txt").DownloadContentAsync()).Content.ToString());
        Assert.Single(await ToListAsync(readOnly.GetBlobsAsync("surveys/")));
        var refused = await Assert.ThrowsAsync<StorageRequestException>(() => readOnly.GetBlobClient("surveys/b.txt").UploadAsync(BinaryData.FromString("no")));
        Assert.Equal(403, refused.Status);
    }

    private static async Task<List<BlobItem>> ToListAsync(IAsyncEnumerable<BlobItem> items)
    {
        var list = new List<BlobItem>();
        await foreach (var item in items)
        {
            list.Add(item);
        }
        return list;
    }
}
