using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlOps.Jobs.ContainerApps;
using MlOps.Jobs.Local;
using MlOps.Storage.Configuration;

namespace MlOps.Jobs;

public static class JobRunnerServiceCollectionExtensions
{
    /// <summary>The configuration section both runners are bound from.</summary>
    public const string Section = "MlOps:Jobs";

    /// <summary>
    /// Registers the <see cref="IJobRunner"/> that <c>MlOps:Jobs:Runner</c> names: <c>local</c>
    /// (the default; processes on this machine, <see cref="LocalProcessJobRunnerOptions"/>) or
    /// <c>containerapps</c> (Azure Container Apps Job executions, <see cref="ContainerAppsJobRunnerOptions"/>,
    /// authenticated with a <see cref="TokenCredential"/> from the container if one is
    /// registered, else the managed identity).
    /// </summary>
    public static IServiceCollection AddJobRunner(this IServiceCollection services, IConfiguration configuration, MlOpsPaths paths)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(paths);
        var section = configuration.GetSection(Section);
        var kind = section["Runner"] is { Length: > 0 } configured ? configured : "local";
        switch (kind.ToLowerInvariant())
        {
            case "local":
                var local = section.Get<LocalProcessJobRunnerOptions>() ?? new LocalProcessJobRunnerOptions();
                local.WithTrainerDefaults(paths).Validate();
                services.AddSingleton(local);
                services.AddSingleton(provider => new LocalProcessJobRunner(local, provider.GetService<ILogger<LocalProcessJobRunner>>(), provider.GetService<TimeProvider>()));
                services.AddSingleton<IJobRunner>(provider => provider.GetRequiredService<LocalProcessJobRunner>());
                return services;
            case "containerapps":
                var azure = section.Get<ContainerAppsJobRunnerOptions>() ?? new ContainerAppsJobRunnerOptions();
                azure.Validate();
                services.AddSingleton(azure);
                services.AddSingleton<IJobRunner>(provider => new ContainerAppsJobRunner(
                    azure,
                    provider.GetService<TokenCredential>() ?? CreateCredential(azure),
                    null,
                    provider.GetService<ILogger<ContainerAppsJobRunner>>(),
                    provider.GetService<TimeProvider>()));
                return services;
            default:
                throw new InvalidOperationException($"{Section}:Runner is '{kind}'; use 'local' (processes on this machine) or 'containerapps' (Azure Container Apps Jobs).");
        }
    }

    private static TokenCredential CreateCredential(ContainerAppsJobRunnerOptions options) =>
        string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
}
