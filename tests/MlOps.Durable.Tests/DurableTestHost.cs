using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlOps.Durable.Hosting;
using MlOps.Durable.Stores;

namespace MlOps.Durable.Tests;

/// <summary>A real generic host running the durable worker over a store the test chose.</summary>
internal sealed class DurableTestHost : IAsyncDisposable
{
    private readonly IHost host;

    private DurableTestHost(IHost host) => this.host = host;

    public DurableTaskClient Client => host.Services.GetRequiredService<DurableTaskClient>();

    public IServiceProvider Services => host.Services;

    public static async Task<DurableTestHost> StartAsync(
        Func<IOrchestrationStore> store,
        Action<DurableTaskBuilder> register,
        Action<DurableTaskOptions>? configure = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        services?.Invoke(builder.Services);
        builder.Services.AddDurableTask(durable =>
        {
            durable.UseStore(_ => store());
            durable.Configure(options =>
            {
                options.StorageProvider.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100);
                options.LeaseDuration = TimeSpan.FromSeconds(5);
                options.ShutdownGracePeriod = TimeSpan.FromSeconds(2);
                configure?.Invoke(options);
            });
            register(durable);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new DurableTestHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
