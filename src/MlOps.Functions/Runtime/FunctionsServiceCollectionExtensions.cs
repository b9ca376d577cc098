using Microsoft.Extensions.DependencyInjection.Extensions;
using MlOps.Storage;
using MlOps.Storage.Configuration;

namespace MlOps.Functions.Runtime;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>Registers the function catalog, the host's keys, request limits and the timer scheduler.</summary>
    public static IServiceCollection AddFunctions(this IServiceCollection services, IConfiguration configuration, MlOpsPaths paths, Action<FunctionsBuilder> configure)
    {
        var catalog = new FunctionCatalog();
        configure(new FunctionsBuilder(services, catalog));
        services.AddSingleton(catalog);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(TimerTriggerService.ClockKey, TimeProvider.System);
        services.Configure<HttpLimitsOptions>(configuration.GetSection(HttpLimitsOptions.Section));
        var keyOptions = new FunctionKeysOptions();
        configuration.GetSection(FunctionKeysOptions.Section).Bind(keyOptions);
        var localKeyFile = BlobServiceClientFactory.UsesDevelopmentStorage(configuration) ? LocalKeyFile(paths) : null;
        services.AddSingleton(_ => FunctionKeys.Load(keyOptions, localKeyFile));
        services.AddHostedService<TimerTriggerService>();
        return services;
    }

    /// <summary>Where generated local keys are kept (and `mlops keys` reads them).</summary>
    public static string LocalKeyFile(MlOpsPaths paths) => Path.Combine(paths.StateDirectory, "keys.json");
}
