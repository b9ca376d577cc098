using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MlOps.Durable.Payloads;
using MlOps.Durable.Runtime;
using MlOps.Durable.Stores;
using MlOps.Storage.Blobs;

namespace MlOps.Durable.Hosting;

public static class DurableTaskServiceCollectionExtensions
{
    /// <summary>
    /// Adds the durable engine: options from <see cref="DurableTaskOptions.ConfigurationSection"/>
    /// (host.json extensions.durableTask) when an <see cref="IConfiguration"/> is registered, the
    /// store, a <see cref="DurableTaskClient"/>, and the worker as a hosted service. Payloads over
    /// the threshold go to an <see cref="IPayloadStore"/> if one is registered, else to blobs when a
    /// <see cref="BlobServiceClient"/> is registered, else to a directory beside the store.
    /// </summary>
    public static IServiceCollection AddDurableTask(this IServiceCollection services, Action<DurableTaskBuilder> configure)
    {
        var registry = new DurableTaskRegistry();
        var builder = new DurableTaskBuilder(services, registry);
        configure(builder);

        services.AddOptions<DurableTaskOptions>().Configure<IServiceProvider>((options, provider) =>
        {
            if (provider.GetService<IConfiguration>() is { } configuration)
            {
                configuration.GetSection(DurableTaskOptions.ConfigurationSection).Bind(options);
            }
        });
        // Options set in code win over configuration: re-apply them after binding.
        var codeConfigured = services.Where(d => d.ServiceType == typeof(IConfigureOptions<DurableTaskOptions>)).ToList();
        foreach (var descriptor in codeConfigured.Take(codeConfigured.Count - 1))
        {
            services.Remove(descriptor);
            services.Add(descriptor);
        }
        services.AddOptions<Http.DurableHttpApiOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(registry);
        services.TryAddSingleton<DurableTaskSignals>();
        services.AddMetrics();
        services.TryAddSingleton<DurableMetrics>();
        var storeFactory = builder.StoreFactory ?? (provider =>
        {
            var options = provider.GetRequiredService<IOptions<DurableTaskOptions>>().Value;
            // Large payloads go to blob storage when the app has a blob client (AddMlOpsStorage), as Durable Functions does.
            var payloads = provider.GetService<IPayloadStore>()
                ?? (provider.GetService<BlobServiceClient>() is { } blobs
                    ? new BlobPayloadStore(blobs.GetBlobContainerClient(BlobPayloadStore.DefaultContainerName(options.HubName)))
                    : null);
            return DurableTaskStoreFactory.Create(options, provider.GetService<IConfiguration>(), payloads, provider.GetService<MlOps.Storage.Configuration.MlOpsPaths>());
        });
        services.TryAddSingleton(storeFactory);
        services.TryAddSingleton(provider => new DurableTaskClient(
            provider.GetRequiredService<IOrchestrationStore>(),
            provider.GetRequiredService<DurableTaskSignals>(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<DurableTaskWorker>();
        services.AddSingleton<IHostedService>(provider =>
            provider.GetRequiredService<IOptions<DurableTaskOptions>>().Value.EnableWorker
                ? provider.GetRequiredService<DurableTaskWorker>()
                : new NoWorker());
        return services;
    }

    private sealed class NoWorker : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
