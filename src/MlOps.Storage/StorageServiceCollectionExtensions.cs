using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Storage.Blobs;
using MlOps.Storage.Configuration;
using MlOps.Storage.Local;

namespace MlOps.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="BlobServiceClient"/> for AzureWebJobsStorage and, when that is
    /// the development storage, a hosted service that starts Azurite before anything else runs.
    /// Register it before other hosted services that use storage.
    /// </summary>
    public static IServiceCollection AddMlOpsStorage(this IServiceCollection services, IConfiguration configuration, MlOpsPaths paths)
    {
        services.AddSingleton(paths);
        services.AddSingleton(_ => BlobServiceClientFactory.Create(configuration));
        if (BlobServiceClientFactory.UsesDevelopmentStorage(configuration))
        {
            var azurite = new AzuriteOptions();
            configuration.GetSection(AzuriteOptions.Section).Bind(azurite);
            services.AddSingleton(azurite);
            services.AddHostedService<AzuriteHostedService>();
        }
        return services;
    }
}
