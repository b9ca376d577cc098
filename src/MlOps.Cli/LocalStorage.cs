using Microsoft.Extensions.Configuration;
using MlOps.Storage;
using MlOps.Storage.Blobs;
using MlOps.Storage.Local;

namespace MlOps.Cli;

/// <summary>
/// Blob storage for a command: when the configuration points at development storage, Azurite
/// is started for the command (or a running one reused) and stopped again at the end, with
/// its data kept under .mlops/azurite so commands work one after another.
/// </summary>
public sealed class LocalStorage : IAsyncDisposable
{
    private readonly AzuriteLauncher? launcher;

    private LocalStorage(BlobServiceClient client, AzuriteLauncher? launcher)
    {
        Client = client;
        this.launcher = launcher;
    }

    public BlobServiceClient Client { get; }

    public static async Task<LocalStorage> OpenAsync(CliEnvironment environment, CancellationToken cancellationToken)
    {
        AzuriteLauncher? launcher = null;
        if (BlobServiceClientFactory.UsesDevelopmentStorage(environment.Configuration))
        {
            var options = new AzuriteOptions();
            environment.Configuration.GetSection(AzuriteOptions.Section).Bind(options);
            launcher = await AzuriteLauncher.EnsureRunningAsync(environment.Paths, options, cancellationToken: cancellationToken);
        }
        return new LocalStorage(BlobServiceClientFactory.Create(environment.Configuration), launcher);
    }

    public async ValueTask DisposeAsync()
    {
        if (launcher is not null)
        {
            await launcher.DisposeAsync();
        }
    }
}
