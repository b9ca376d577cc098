using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlOps.Registry.Rollout;
using MlOps.Storage.Blobs;

namespace MlOps.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>The configuration section of the registry options (e.g. <c>MlOps__Registry__ContainerName</c>).</summary>
    public const string Section = "MlOps:Registry";

    /// <summary>
    /// Registers <see cref="ModelRegistryClient"/> (on the <see cref="BlobServiceClient"/> from
    /// AddMlOpsStorage) and one shared <see cref="RolloutStateReader"/>, with options from
    /// <c>MlOps:Registry</c> and <c>MlOps:Registry:Rollout</c> (e.g. <c>RefreshInterval</c>).
    /// </summary>
    public static IServiceCollection AddModelRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        var registryOptions = new ModelRegistryClientOptions();
        configuration.GetSection(Section).Bind(registryOptions);
        var readerOptions = new RolloutStateReaderOptions();
        configuration.GetSection(Section + ":Rollout").Bind(readerOptions);
        services.AddSingleton(provider => new ModelRegistryClient(
            provider.GetRequiredService<BlobServiceClient>(),
            registryOptions));
        services.AddSingleton(provider => new RolloutStateReader(
            provider.GetRequiredService<ModelRegistryClient>(),
            readerOptions,
            provider.GetService<ILogger<RolloutStateReader>>()));
        return services;
    }
}
