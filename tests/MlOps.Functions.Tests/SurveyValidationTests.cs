using System.Text.Json;
using MlOps.Durable;
using MlOps.Functions.Pipeline;
using MlOps.Surveys.Packages;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

public sealed class SurveyValidationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_corrupt_survey_is_quarantined_with_a_report_and_nothing_else_happens()
    {
        await using var host = await TestHost.StartAsync(azurite);
        var storage = azurite.CreateServiceClient();
        var manifest = await SurveyPackages.UploadAsync(storage, "corrupt", 2017, corrupt: folder =>
        {
            var raster = Path.Combine(folder, SurveyPackage.BathymetryFile);
            var bytes = File.ReadAllBytes(raster);
            File.WriteAllBytes(raster, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        });
        var instanceId = RetrainInstanceIds.ForManifest("corrupt", 2017, manifest.ETag.ToString());

        await host.Durable.WaitForCreatedAndStartedAsync(instanceId);
        var done = await host.Durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        using var output = JsonDocument.Parse(done.SerializedOutput!);
        Assert.Equal("quarantined", output.RootElement.GetProperty("outcome").GetString());
        Assert.Contains(output.RootElement.GetProperty("problems").EnumerateArray(), p => p.GetProperty("file").GetString() == SurveyPackage.BathymetryFile);
        var quarantined = new List<string>();
        await foreach (var blob in storage.GetBlobContainerClient(SurveyBlobStore.QuarantineContainerName).GetBlobsAsync("corrupt/2017/"))
        {
            quarantined.Add(blob.Name.Split('/')[^1]);
        }
        Assert.Contains("report.json", quarantined);
        Assert.Contains(SurveyPackage.BathymetryFile, quarantined);
        Assert.Empty(await new SurveyBlobStore(storage, RepositoryPaths.NewWorkDirectory("cache")).ListYearsAsync("corrupt"));
        Assert.Contains("Quarantined", done.SerializedCustomStatus, StringComparison.Ordinal);
    }
}
