using MlOps.Storage;
using MlOps.Storage.Configuration;
using MlOps.Storage.EventGrid;

namespace MlOps.Functions.Runtime;

public static class LocalEventGridServiceCollectionExtensions
{
    /// <summary>With local storage (and MlOps:LocalEventGrid:Enabled), the emitter that plays Event Grid for <paramref name="functionName"/>.</summary>
    public static IServiceCollection AddLocalEventGrid(this IServiceCollection services, IConfiguration configuration, MlOpsPaths paths, string functionName)
    {
        var options = new LocalEventGridOptions();
        configuration.GetSection(LocalEventGridOptions.Section).Bind(options);
        if (BlobServiceClientFactory.UsesDevelopmentStorage(configuration) && options.Enabled)
        {
            services.AddSingleton(options);
            services.AddSingleton(new LocalEventGridTarget(functionName, options.StateDirectory ?? Path.Combine(paths.StateDirectory, "eventgrid")));
            services.AddHostedService<LocalEventGridHostedService>();
        }
        return services;
    }
}
