using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MlOps.Functions.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// The dashboard's queries, map renderer and report builder, with options from
    /// <see cref="DashboardOptions.Section"/>. Needs the durable client, the registry, blob storage,
    /// the survey store, the trial store and the run reports to be registered too.
    /// </summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DashboardOptions>(configuration.GetSection(DashboardOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DashboardAuthentication>();
        services.AddSingleton<ModelCardCache>();
        services.AddSingleton<ModelVersionIndex>();
        services.AddSingleton<ModelQueries>();
        services.AddSingleton<SiteQueries>();
        services.AddSingleton<SweepQueries>();
        services.AddSingleton<MapService>();
        services.AddSingleton<RunQueries>();
        services.AddSingleton<CanaryQueries>();
        services.AddSingleton<RunReportBuilder>();
        return services;
    }
}
