using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MlOps.Storage.Blobs;
using MlOps.Storage.EventGrid;

namespace MlOps.Functions.Runtime;

/// <summary>
/// Runs the local Event Grid emitter against this host's own webhook once Kestrel listens:
/// the address comes from the server, the key is the host's Event Grid key, as a real
/// subscription's endpoint URL would carry it.
/// </summary>
public sealed class LocalEventGridHostedService(
    IServer server,
    IHostApplicationLifetime lifetime,
    BlobServiceClient storage,
    FunctionKeys keys,
    LocalEventGridOptions options,
    LocalEventGridTarget target,
    TimeProvider time,
    ILogger<LocalEventGridEmitter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The host has no listening address for the local Event Grid webhook.");
        var webhook = new Uri($"{address.TrimEnd('/')}{EventGridWebhook.Path}?functionName={Uri.EscapeDataString(target.FunctionName)}&code={Uri.EscapeDataString(keys.EventGrid)}");
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var emitter = new LocalEventGridEmitter(storage, http, options, target.StateDirectory, time, logger);
        try
        {
            await emitter.RunAsync(webhook, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>Which function the local subscription delivers to, and where its state is kept.</summary>
public sealed record LocalEventGridTarget(string FunctionName, string StateDirectory);
