using MlOps.Testing;

namespace MlOps.Cli.Tests;

public sealed class DemoCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Demo_uploads_to_blob_storage_and_lists_the_blob_back()
    {
        var result = await CliRunner.RunAsync(["demo"], azurite.Environment);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        var uploaded = new List<string>();
        await foreach (var blob in azurite.CreateServiceClient().GetBlobContainerClient("surveys").GetBlobsAsync("demo/"))
        {
            uploaded.Add(blob.Name);
        }
        Assert.Single(uploaded);
        Assert.Contains(uploaded[0], result.StandardOutput, StringComparison.Ordinal);
    }
}
