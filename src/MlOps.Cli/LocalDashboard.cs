using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Durable;
using MlOps.Durable.Hosting;
using MlOps.Durable.Payloads;
using MlOps.Functions.Dashboard;
using MlOps.Functions.Pipeline;
using MlOps.Registry;
using MlOps.Storage.Blobs;
using MlOps.Surveys.Packages;

namespace MlOps.Cli;

/// <summary>
/// The dashboard's readers (runs, sweeps, registry, maps, reports) over this project's durable
/// store and blob storage, without starting a host: what `mlops report` reads from. The store
/// and containers are the ones the host is configured with (host.json, local.settings.json,
/// environment).
/// </summary>
public sealed class LocalDashboard : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly LocalStorage storage;

    private LocalDashboard(ServiceProvider services, LocalStorage storage)
    {
        this.services = services;
        this.storage = storage;
    }

    public RunReportBuilder Reports => services.GetRequiredService<RunReportBuilder>();

    public static async Task<LocalDashboard> OpenAsync(CliEnvironment environment, CancellationToken cancellationToken)
    {
        var storage = await LocalStorage.OpenAsync(environment, cancellationToken);
        var configuration = environment.Configuration;
        var durable = new DurableTaskOptions();
        configuration.GetSection(DurableTaskOptions.ConfigurationSection).Bind(durable);
        var blobs = storage.Client;
        var store = DurableTaskStoreFactory.Create(durable, configuration,
            new BlobPayloadStore(blobs.GetBlobContainerClient(BlobPayloadStore.DefaultContainerName(durable.HubName))), environment.Paths);
        var pipeline = configuration.GetSection(PipelineOptions.Section).Get<PipelineOptions>() ?? new PipelineOptions();

        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton(blobs);
        services.AddSingleton(store);
        services.AddSingleton(new DurableTaskClient(store));
        services.AddModelRegistry(configuration);
        services.AddSingleton(new SurveyBlobStore(blobs, Path.Combine(environment.Paths.StateDirectory, "cache", "surveys")));
        services.AddSingleton(new TrialStore(blobs, pipeline.TrialsContainer));
        services.AddSingleton(new RunReports(blobs, pipeline.RunsContainer));
        services.AddDashboard(configuration);
        return new LocalDashboard(services.BuildServiceProvider(), storage);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await storage.DisposeAsync();
    }
}
