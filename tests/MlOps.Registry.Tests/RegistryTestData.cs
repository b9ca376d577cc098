using System.Text.Json.Nodes;
using Azure.Core;
using MlOps.Storage.Blobs;
using MlOps.Testing;

namespace MlOps.Registry.Tests;

/// <summary>Registries on fresh containers of a test's Azurite, and registrations to put in them.</summary>
public static class RegistryTestData
{
    public static string NewContainerName() => "models-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A registry client of its own (its own HTTP pipeline, as another host would have) on <paramref name="containerName"/>.</summary>
    public static ModelRegistryClient Client(
        AzuriteFixture azurite, string containerName, RecordingPolicy? policy = null, TimeProvider? clock = null, int retries = 5)
    {
        var storage = new BlobStorageClientOptions();
        storage.Retry.MaxRetries = retries;
        if (policy is not null)
        {
            storage.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }
        return new ModelRegistryClient(
            azurite.CreateServiceClient(storage),
            new ModelRegistryClientOptions { ContainerName = containerName, TimeProvider = clock ?? TimeProvider.System });
    }

    public static BlobContainerClient Container(AzuriteFixture azurite, string containerName) =>
        azurite.CreateServiceClient().GetBlobContainerClient(containerName);

    public static ModelRegistration Registration(string runId, double accuracy = 0.95, double kappa = 0.9) => new()
    {
        RunId = runId,
        ModelKind = "rf",
        Parameters = new JsonObject { ["model"] = "rf", ["trainingFraction"] = 0.5, ["embeddingDim"] = 3 },
        DataYears = [new DataYear(2016, [new DataFile("backscatter.tif", new string('a', 64), 1024)])],
        Metrics = new JsonObject { ["accuracy"] = accuracy, ["kappa"] = kappa },
    };

    /// <summary>A card as stored, for comparing whole cards.</summary>
    public static string Json(ModelCard card) => System.Text.Json.JsonSerializer.Serialize(card, RegistryJson.Options);

    /// <summary>Stand-in model.onnx bytes, different for each seed (the registry stores bytes; it does not run them).</summary>
    public static BinaryData Model(int seed, int size = 4096)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return BinaryData.FromBytes(bytes);
    }
}
