using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlOps.Storage.Configuration;

namespace MlOps.Storage.Local;

/// <summary>Starts (or reuses) Azurite when the host starts and stops what it started when the host stops.</summary>
public sealed class AzuriteHostedService(MlOpsPaths paths, AzuriteOptions options, ILogger<AzuriteHostedService> logger) : IHostedService
{
    private AzuriteLauncher? launcher;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        launcher = await AzuriteLauncher.EnsureRunningAsync(paths, options, logger, cancellationToken).ConfigureAwait(false);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (launcher is not null)
        {
            await launcher.DisposeAsync().ConfigureAwait(false);
            launcher = null;
        }
    }
}
