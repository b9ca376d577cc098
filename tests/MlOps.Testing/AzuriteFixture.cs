using MlOps.Storage;
using Xunit;
using MlOps.Storage.Blobs;
using MlOps.Storage.Local;

namespace MlOps.Testing;

/// <summary>
/// A real Azurite blob service for one test class (or collection): started from the project's
/// node_modules on a free loopback port with its own data folder, stopped and deleted after.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteLauncher? launcher;

    public string DataDirectory { get; } = RepositoryPaths.NewWorkDirectory("azurite");

    public int BlobPort { get; private set; }

    public string ConnectionString => "UseDevelopmentStorage=true";

    public Uri BlobEndpoint => launcher!.BlobEndpoint;

    /// <summary>Environment variables that point a child process (host, CLI) at this Azurite.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["AzureWebJobsStorage"] = ConnectionString,
        ["MlOps__Azurite__BlobPort"] = BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public BlobServiceClient CreateServiceClient(BlobStorageClientOptions? options = null) =>
        new(StorageConnectionString.Parse(ConnectionString, BlobPort), options);

    public async Task<BlobContainerClient> CreateContainerAsync(string? prefix = null)
    {
        var container = CreateServiceClient().GetBlobContainerClient($"{prefix ?? "test"}-{Guid.NewGuid():N}");
        await container.CreateAsync();
        return container;
    }

    public async Task InitializeAsync()
    {
        BlobPort = FreePort.Next();
        launcher = await AzuriteLauncher.EnsureRunningAsync(
            RepositoryPaths.Paths,
            new AzuriteOptions { BlobPort = BlobPort, Location = DataDirectory });
        if (!launcher.StartedHere)
        {
            throw new InvalidOperationException($"Port {BlobPort} already had an Azurite; the fixture needs its own.");
        }
    }

    public async Task DisposeAsync()
    {
        if (launcher is not null)
        {
            await launcher.DisposeAsync();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Leftover test data is harmless; artifacts/ is wiped by the next clean build.
        }
    }
}
